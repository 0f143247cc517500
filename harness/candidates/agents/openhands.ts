import { join } from "node:path";
import { newestFile, promptArg, type AgentPreset } from "./types.js";

/**
 * The OpenHands CLI headless (`openhands --headless -t`), configured from the environment
 * (`--override-with-envs`: LLM_MODEL, LLM_BASE_URL, LLM_API_KEY). It saves each conversation as a
 * folder of events under $HOME/.openhands/conversations/<id>/events/.
 */
export const openhands: AgentPreset = {
  name: "openhands",
  title: "OpenHands CLI",
  binary: "openhands",
  install: "uv tool install openhands",
  keyEnv: ["LLM_API_KEY"],
  defaultBaseUrl: "https://api.openai.com/v1",
  traceFormat: "openhands-v1",
  command: (c) => `openhands --headless --override-with-envs -t ${promptArg(c)}`,
  env: (c) => ({ ...(c.model ? { LLM_MODEL: c.model } : {}), ...(c.baseUrl ? { LLM_BASE_URL: c.baseUrl } : {}) }),
  transcript: async (c) => {
    const event = await newestFile(join(c.home, ".openhands", "conversations"), ["*/events/*.json"]);
    return event && join(event, "..", "..");
  },
};

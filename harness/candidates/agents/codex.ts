import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { newestFile, opt, promptArg, shq, type AgentPreset, type PresetContext } from "./types.js";

const codexHome = (home: string) => join(home, ".codex");
/** OPENAI_API_KEY is often the judge's, and then never reaches the agent: Codex also reads CODEX_API_KEY. */
const keyVariable = (c: PresetContext) => (c.keys.includes("OPENAI_API_KEY") ? "OPENAI_API_KEY" : "CODEX_API_KEY");

/**
 * Codex CLI's `exec` mode. Its own sandbox and approvals are off (devjudge's sandbox is the
 * boundary, and Codex's would not start inside it). A base URL becomes a custom model provider
 * speaking the Responses API. The rollout lands under $CODEX_HOME/sessions/YYYY/MM/DD/.
 */
export const codex: AgentPreset = {
  name: "codex",
  title: "Codex CLI",
  binary: "codex",
  install: "npm install -g @openai/codex",
  keyEnv: ["OPENAI_API_KEY", "CODEX_API_KEY"],
  defaultBaseUrl: "https://api.openai.com/v1",
  traceFormat: "codex-rollout",
  command(c) {
    const provider = c.baseUrl
      ? ` -c model_provider=devjudge -c ${shq(
          `model_providers.devjudge={name="devjudge",base_url=${JSON.stringify(c.baseUrl)},` +
            `env_key=${JSON.stringify(keyVariable(c))},wire_api="responses"}`,
        )}`
      : "";
    return (
      "codex exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox" +
      `${provider}${opt("-m", c.model)} ${promptArg(c)}`
    );
  },
  env: (c) => ({ CODEX_HOME: codexHome(c.home) }),
  // Codex refuses to start without an existing CODEX_HOME
  prepare: async (c) => void (await mkdir(codexHome(c.home), { recursive: true })),
  transcript: (c) => newestFile(codexHome(c.home), ["sessions/**/rollout-*.jsonl"]),
};

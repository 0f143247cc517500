import { newestFile, opt, promptArg, type AgentPreset } from "./types.js";

/**
 * Gemini CLI non-interactive (`-p`), auto-approving tools (`--yolo`). A base URL is passed as
 * GOOGLE_GEMINI_BASE_URL. Sessions are saved under $HOME/.gemini/tmp/<project hash>/chats/.
 */
export const gemini: AgentPreset = {
  name: "gemini",
  title: "Gemini CLI",
  binary: "gemini",
  install: "npm install -g @google/gemini-cli",
  keyEnv: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  defaultBaseUrl: "https://generativelanguage.googleapis.com",
  traceFormat: "gemini",
  command: (c) => `gemini -p ${promptArg(c)} --yolo --output-format stream-json${opt("-m", c.model)}`,
  env: (c) => ({ ...(c.baseUrl ? { GOOGLE_GEMINI_BASE_URL: c.baseUrl } : {}) }),
  transcript: (c) => newestFile(c.home, [".gemini/tmp/*/chats/*.json"]),
};

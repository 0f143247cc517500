import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { newestFile, opt, promptArg, type AgentPreset } from "./types.js";

/** Headless needs an auth type chosen, and folder trust off (else --yolo falls back to asking). */
const SETTINGS = {
  security: { auth: { selectedType: "gemini-api-key" }, folderTrust: { enabled: false } },
  telemetry: { enabled: false },
  privacy: { usageStatisticsEnabled: false },
};

/**
 * Gemini CLI non-interactive (`-p`), auto-approving tools (`--yolo`), with settings of its own in
 * the unit's private HOME. A base URL is passed as GOOGLE_GEMINI_BASE_URL. Sessions are saved
 * under $HOME/.gemini/tmp/<project>/chats/session-*.jsonl.
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
  // no relaunch: it would start a second Node process only to raise its heap limit
  env: (c) => ({ GEMINI_CLI_NO_RELAUNCH: "true", ...(c.baseUrl ? { GOOGLE_GEMINI_BASE_URL: c.baseUrl } : {}) }),
  async prepare(c) {
    await mkdir(join(c.home, ".gemini"), { recursive: true });
    await writeFile(join(c.home, ".gemini", "settings.json"), JSON.stringify(SETTINGS, null, 2));
  },
  transcript: (c) => newestFile(c.home, [".gemini/tmp/*/chats/session-*.jsonl", ".gemini/tmp/*/chats/session-*.json"]),
};

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { opt, shq, type AgentPreset, type PresetContext } from "./types.js";

const history = (c: PresetContext, name: string) => join(c.agentDir, "aider", name);

/**
 * Aider with one message and no questions. Its chat and input histories are written beside the
 * workspace (not in it, so the judge does not take them for the agent's work); no git commits.
 * A base URL goes to LiteLLM's OpenAI-compatible client (`--openai-api-base`).
 */
export const aider: AgentPreset = {
  name: "aider",
  title: "Aider",
  binary: "aider",
  install: "python -m pip install aider-install && aider-install",
  keyEnv: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "DEEPSEEK_API_KEY"],
  defaultBaseUrl: "https://api.openai.com/v1",
  traceFormat: "aider",
  command: (c) =>
    `aider --message-file ${shq(c.queryFile)} --yes-always --no-auto-commits --no-git --no-check-update` +
    " --no-show-model-warnings --no-pretty --analytics-disable" +
    ` --chat-history-file ${shq(history(c, ".aider.chat.history.md"))}` +
    ` --input-history-file ${shq(history(c, ".aider.input.history"))}` +
    `${opt("--model", c.model)}${opt("--openai-api-base", c.baseUrl)}`,
  env: () => ({ AIDER_CHECK_UPDATE: "false" }),
  prepare: async (c) => void (await mkdir(join(c.agentDir, "aider"), { recursive: true })),
  transcript: async (c) =>
    existsSync(history(c, ".aider.chat.history.md")) ? history(c, ".aider.chat.history.md") : undefined,
};

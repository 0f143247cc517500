import { aider } from "./aider.js";
import { claudeCode } from "./claude-code.js";
import { codex } from "./codex.js";
import { gemini } from "./gemini.js";
import { miniSweAgent } from "./mini-swe-agent.js";
import { openhands } from "./openhands.js";
import type { AgentName, AgentPreset } from "./types.js";

export { AGENT_NAMES, type AgentName, type AgentPreset, type PresetContext } from "./types.js";

/** `agent:` in a command candidate names one of these. */
export const agentPresets: Record<AgentName, AgentPreset> = {
  "claude-code": claudeCode,
  codex,
  aider,
  "mini-swe-agent": miniSweAgent,
  openhands,
  gemini,
};

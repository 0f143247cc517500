import { existsSync } from "node:fs";
import { join } from "node:path";
import { opt, promptArg, shq, type AgentPreset, type PresetContext } from "./types.js";

const trajectory = (c: PresetContext) => join(c.agentDir, "mini-swe-agent.traj.json");

/**
 * mini-swe-agent's `mini` CLI: yolo mode (no confirmations), exit when done, trajectory written
 * beside the workspace. MSWEA_CONFIGURED skips its first-run setup; its global config lives in the
 * unit's private home. A base URL reaches LiteLLM as OPENAI_API_BASE / OPENAI_BASE_URL.
 */
export const miniSweAgent: AgentPreset = {
  name: "mini-swe-agent",
  title: "mini-swe-agent",
  binary: "mini",
  install: "pip install mini-swe-agent",
  keyEnv: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "DEEPSEEK_API_KEY"],
  defaultBaseUrl: "https://api.openai.com/v1",
  traceFormat: "mini-swe-agent",
  command: (c) => `mini -y --exit-immediately -t ${promptArg(c)} -o ${shq(trajectory(c))}${opt("-m", c.model)}`,
  env: (c) => ({
    MSWEA_CONFIGURED: "true",
    MSWEA_GLOBAL_CONFIG_DIR: join(c.home, ".config", "mini-swe-agent"),
    MSWEA_COST_TRACKING: "ignore_errors",
    ...(c.baseUrl ? { OPENAI_API_BASE: c.baseUrl, OPENAI_BASE_URL: c.baseUrl } : {}),
  }),
  transcript: async (c) => (existsSync(trajectory(c)) ? trajectory(c) : undefined),
};

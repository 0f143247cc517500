import { stat } from "node:fs/promises";
import { glob } from "tinyglobby";

export const AGENT_NAMES = ["claude-code", "codex", "aider", "mini-swe-agent", "openhands", "gemini"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** One unit's paths and settings, as a preset sees them. */
export interface PresetContext {
  workspace: string;
  /** The unit's private HOME (inside `agentDir`). */
  home: string;
  /** The unit's folder in the run directory (workspace, home, prompt, log). */
  agentDir: string;
  queryFile: string;
  /** `agent_model`, if set. */
  model?: string;
  /**
   * The model endpoint the agent is told to use: `agent_base_url`, rewritten when devjudge relays
   * it into the sandbox.
   */
  baseUrl?: string;
  /** The agent's key variables that are set and passed to it. */
  keys: string[];
}

/** What devjudge knows about running one coding agent headless, and where it leaves its transcript. */
export interface AgentPreset {
  name: AgentName;
  title: string;
  /** The program looked up on PATH. */
  binary: string;
  install: string;
  /** The agent's own key variables, passed through when set (never the judge's). */
  keyEnv: string[];
  /** The endpoint the agent calls when `agent_base_url` is not set. */
  defaultBaseUrl: string;
  /** The trace reader for its native transcript. */
  traceFormat: string;
  /** The headless command line (sh), run in the workspace. */
  command(c: PresetContext): string;
  /** Variables for the private config dir, the endpoint and non-interactive mode. */
  env(c: PresetContext): Record<string, string>;
  prepare?(c: PresetContext): Promise<void>;
  /** The native transcript the run left, if any. */
  transcript(c: PresetContext): Promise<string | undefined>;
}

export const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
/** The prompt as one shell word, read from the query file when the command runs. */
export const promptArg = (c: PresetContext) => `"$(cat ${shq(c.queryFile)})"`;
export const opt = (flag: string, value: string | undefined) => (value ? ` ${flag} ${shq(value)}` : "");

/** The most recently modified file matching the patterns under `dir` (dot folders included). */
export async function newestFile(dir: string, patterns: string[]): Promise<string | undefined> {
  const files = await glob(patterns, { cwd: dir, absolute: true, dot: true, onlyFiles: true });
  const dated = await Promise.all(files.map(async (f) => ({ f, t: (await stat(f)).mtimeMs })));
  return dated.sort((a, b) => b.t - a.t || a.f.localeCompare(b.f))[0]?.f;
}

import type { AgentName } from "../candidates/agents/types.js";

export type JudgeName = "static" | "llm" | "agent";
export type TraceFormat =
  | "claude-code"
  | "claude-stream-json"
  | "codex-rollout"
  | "codex-exec-json"
  | "openhands"
  | "openhands-v1"
  | "swe-agent"
  | "mini-swe-agent"
  | "aider"
  | "gemini"
  | "inspect-ai"
  | "devai"
  | "jsonl"
  | "log";
export type DependencyMode = "independent" | "dependent";

interface CandidateBase {
  name: string;
  /** Human labels (file or DevAI judgment folder), absolute. */
  labels?: string;
  trajectoryFormat?: TraceFormat;
}

export interface DirCandidate extends CandidateBase {
  kind: "dir";
  /** Absolute path template with `{task}`. */
  path: string;
  trajectory?: string;
}

export interface GitCandidate extends CandidateBase {
  kind: "git";
  /** URL, or an absolute local path. */
  repo: string;
  ref: string;
  /** Template inside the repository. */
  path: string;
  trajectory?: string;
}

export interface CommandCandidate extends CandidateBase {
  kind: "command";
  /** The shell command; without it, the agent preset's command line. */
  run?: string;
  agent?: AgentName;
  agentModel?: string;
  agentBaseUrl?: string;
  /** Variables never passed to the agent, whatever `env:` or a preset says (the judge's key). */
  neverPass: string[];
  /** The project file's folder, for `{config_dir}` in `run`. */
  configDir: string;
  template?: { dir?: string; repo?: string; ref?: string };
  timeoutS: number;
  env: string[];
  /** Let the agent reach the network from its sandbox (it needs it to call its own model). */
  network: boolean;
  /** Relative to the agent's workspace. */
  trajectory?: string;
}

export type CandidateConfig = DirCandidate | GitCandidate | CommandCandidate;

export interface JudgeConfig {
  name: JudgeName;
  workflow: "pipeline" | "agentic";
  model: string;
  baseUrl?: string;
  apiKeyEnv: string;
  temperature: number;
  maxTokens?: number;
  /** A reply cut off at the length limit is asked again once with this max_tokens. */
  maxTokensOnCutOff: number;
  timeoutS: number;
  votes: number;
  vision: boolean;
  runTool: boolean;
  staticFirst: boolean;
  /**
   * Prompt order: `shared-first` (for providers' prefix caches) or `legacy` (the order before it,
   * for cost comparisons).
   */
  promptLayout: "shared-first" | "legacy";
  /** Send the model calls through the provider's Batch API (`--batch`), polling every `batchPollS` seconds. */
  batch: boolean;
  batchPollS: number;
  maxSteps: number;
  maxTokensPerRequirement: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** USD per million tokens, per model name; merged over the built-in table (harness/llm/prices.ts). */
  prices: Record<string, { input: number; cachedInput?: number; output: number }>;
}

export interface Config {
  /** The file it was read from, if any. */
  file?: string;
  suites: string[];
  output: string;
  mode: DependencyMode;
  concurrency: { candidates: number; judges: number };
  retries: { max: number; baseDelayS: number; maxDelayS: number };
  cache: { enabled: boolean; dir: string };
  workDir: string;
  /**
   * Where finished runs are recorded: a SQLite file (absolute) or a postgres:// URL. Absent in
   * configurations from before it existed.
   */
  history?: { enabled: boolean; db: string };
  judge: JudgeConfig;
  candidates: CandidateConfig[];
}

import type { VerdictStatus } from "../core/verdict.js";
import type { CandidateFigures } from "./read-report.js";

/** What decides a judge's verdicts; its hash tells runs judged alike from runs judged otherwise. */
export interface JudgeIdentity {
  name: string;
  /** The devjudge version: its prompts ship with it. */
  promptVersion: string;
  model?: string;
  workflow?: string;
  votes?: number;
  temperature?: number;
  staticFirst?: boolean;
  runTool?: boolean;
  vision?: boolean;
}

export interface VerdictRecord {
  task: string;
  requirement: string;
  status: VerdictStatus;
  confidence: number;
  votes: VerdictStatus[] | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  durationMs: number;
  /** Content hash of the candidate's workspace for this task; null when it could not be read. */
  workspaceHash: string | null;
}

export interface CandidateRecord {
  name: string;
  kind: string;
  /** repo/ref/commit for git candidates, run/agent for command ones, path for folders. */
  identity: Record<string, unknown>;
  figures: CandidateFigures;
  verdicts: VerdictRecord[];
}

export interface RunRecord {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  gitCommit: string | null;
  gitBranch: string | null;
  suiteHash: string;
  judgeHash: string;
  judge: JudgeIdentity;
  devjudgeVersion: string;
  /** The run folder, absolute, when recorded from one. */
  runDir: string | null;
  /** "i/N" for one shard of a run. */
  shard: string | null;
  candidates: CandidateRecord[];
}

/** One run as `devjudge history` lists it. */
export interface RunSummary {
  runId: string;
  startedAt: string;
  gitCommit: string | null;
  gitBranch: string | null;
  judgeHash: string;
  runDir: string | null;
  shard: string | null;
  candidates: (CandidateFigures & { name: string; kind: string })[];
}

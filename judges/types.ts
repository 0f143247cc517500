import type { NewEvent } from "../harness/events/types.js";
import type { Trace } from "../harness/trace/types.js";
import type { Check, ItemId, Preference, Requirement, Task } from "../harness/tasks/types.js";

/** What a judge can say; the runner adds `skipped` (a prerequisite came out unsatisfied, in dependent mode). */
export const VERDICT_STATUSES = ["satisfied", "unsatisfied", "undecided", "error", "skipped"] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** Where a judge saw what it based a verdict on. */
export type Evidence =
  | { kind: "file"; path: string; startLine?: number; endLine?: number; excerpt?: string }
  | { kind: "trace"; step: number; excerpt?: string }
  | { kind: "command"; command: string; exitCode: number | null; timedOut: boolean; output?: string }
  | { kind: "note"; text: string };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Calls that reached the model. */
  calls: number;
  cost: number;
  /** Calls answered from the response cache (no tokens, no cost). */
  cachedCalls?: number;
  /** Of inputTokens, those the provider read from its prompt (prefix) cache, billed at the cached-input price. */
  cachedInputTokens?: number;
  /** Of outputTokens, those a reasoning model spent thinking (billed as output). */
  reasoningTokens?: number;
  /** Calls whose model has no known price: `cost` leaves them out, and is shown as unknown. */
  unpricedCalls?: number;
}

export interface Verdict {
  status: VerdictStatus;
  reason: string;
  evidence: Evidence[];
  /** Share of votes behind the status, 0..1; deterministic judges say 1. */
  confidence: number;
  votes?: VerdictStatus[];
  usage?: Usage;
  durationMs: number;
  judge: string;
}

/** What a judge is asked about: a requirement, or a preference (soft, no checks, no prerequisites). */
export type JudgeItem =
  | { kind: "requirement"; item: Requirement }
  | { kind: "preference"; item: Preference };

export interface TaskContext {
  task: Task;
  candidate: string;
  /** Absolute path of the candidate's workspace for this task; judges must treat it as read-only. */
  workspace: string;
  trace?: Trace;
  signal: AbortSignal;
  /** Reports what happens inside a judge (retries, usage) on the run's event stream. */
  emit?: (e: NewEvent) => void;
  /** Computes a value once per task and candidate (a trace summary, a search index) and shares it. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** A judge decides one requirement or preference at a time; it never throws for a judging failure. */
export interface Judge {
  readonly name: string;
  judge(item: JudgeItem, ctx: TaskContext): Promise<Verdict>;
}

export type { Check, ItemId };

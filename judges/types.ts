import type { Verdict } from "../harness/core/verdict.js";
import type { NewEvent } from "../harness/events/types.js";
import type { Trace } from "../harness/trace/types.js";
import type { Check, ItemId, Preference, Requirement, Task } from "../harness/tasks/types.js";

export { VERDICT_STATUSES } from "../harness/core/verdict.js";
export type { Evidence, Usage, Verdict, VerdictStatus } from "../harness/core/verdict.js";
/** What a judge is asked about: a requirement, or a preference (soft, no checks, no prerequisites). */
export type JudgeItem = { kind: "requirement"; item: Requirement } | { kind: "preference"; item: Preference };

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

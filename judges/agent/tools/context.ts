import type { Trace } from "../../../harness/trace/types.js";

/**
 * What the judge's tools need of a judging job: the workspace, the trace, a per-task memo and the
 * stop signal. A judge's `TaskContext` is one; `ask` builds one without inventing a task.
 */
export interface ToolContext {
  /** Absolute path of the workspace; tools treat it as read-only. */
  workspace: string;
  trace?: Trace;
  signal: AbortSignal;
  /** Computes a value once per task and candidate (a search index, a file view) and shares it. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

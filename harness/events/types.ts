import type { Verdict } from "../core/verdict.js";
import type { Config } from "../config/types.js";
import type { TraceSummary } from "../report/types.js";
import type { ItemId, Task } from "../tasks/types.js";

interface Base {
  /** Milliseconds since the epoch. */
  at: number;
}

export interface TaskRef {
  candidate: string;
  task: string;
}

/** What a run needs to be resumed or rebuilt from its journal alone. */
export interface RunManifest {
  runId: string;
  outputDir: string;
  suitePaths: string[];
  tasks: Task[];
  candidates: { name: string; kind: string }[];
  judge: string;
  mode: "independent" | "dependent";
  shard?: { index: number; total: number };
  /** The resolved project configuration, so `--resume` finishes the run as it started. */
  config: Config;
}

export type RunEvent =
  | (Base & {
      type: "run.started";
      manifest: RunManifest;
      requirements: number;
      preferences: number;
      /** The candidate × task units this run (or shard) will judge, in the order it starts them. */
      units: { candidate: string; task: string }[];
    })
  | (Base & { type: "run.resumed"; judged: number; remaining: number })
  | (Base & TaskRef & { type: "task.started" })
  | (Base & TaskRef & { type: "agent.started"; command: string })
  | (Base &
      TaskRef & {
        type: "agent.exited";
        exitCode: number | null;
        durationMs: number;
        timedOut: boolean;
        selfTerminated: boolean;
      })
  | (Base & TaskRef & { type: "workspace.ready"; workspace: string; trace?: TraceSummary })
  /** The unit's first item got a judge slot: until then the unit is queued (concurrency.judges). */
  | (Base & TaskRef & { type: "judging.started" })
  | (Base & TaskRef & { type: "item.judged"; kind: "requirement" | "preference"; id: ItemId; verdict: Verdict })
  | (Base & TaskRef & { type: "task.finished" })
  | (Base & TaskRef & { type: "task.failed"; error: string })
  | (Base & Partial<TaskRef> & { type: "retry"; attempt: number; delayMs: number; reason: string })
  | (Base &
      Partial<TaskRef> & {
        type: "usage";
        inputTokens: number;
        outputTokens: number;
        cost: number;
        cached: boolean;
        cachedInputTokens?: number;
        reasoningTokens?: number;
        unpriced?: boolean;
      })
  | (Base & Partial<TaskRef> & { type: "warning"; message: string })
  | (Base & Partial<TaskRef> & { type: "info"; message: string })
  | (Base & { type: "run.finished"; reportPath: string; durationMs: number; stopped: boolean })
  /** `--batch`: a batch of model requests sent to the provider's Batch API (custom ids of its lines), and its end. */
  | (Base & { type: "batch.submitted"; batchId: string; inputFileId: string; customIds: string[] })
  | (Base & { type: "batch.finished"; batchId: string; status: string; succeeded: number; failed: number });

/** An event as a producer emits it: the bus stamps the time. */
export type NewEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, "at"> : never) : never;

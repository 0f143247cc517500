import type { Verdict } from "../../judges/types.js";
import type { TraceSummary } from "../report/types.js";
import type { ItemId } from "../tasks/types.js";

interface Base {
  /** Milliseconds since the epoch. */
  at: number;
}

export interface TaskRef {
  candidate: string;
  task: string;
}

export type RunEvent =
  | (Base & { type: "run.started"; runId: string; outputDir: string; suite: string; judge: string; candidates: string[]; tasks: number; requirements: number; preferences: number })
  | (Base & TaskRef & { type: "task.started" })
  | (Base & TaskRef & { type: "workspace.ready"; workspace: string; trace?: TraceSummary })
  | (Base & TaskRef & { type: "item.judged"; kind: "requirement" | "preference"; id: ItemId; verdict: Verdict })
  | (Base & TaskRef & { type: "task.finished" })
  | (Base & TaskRef & { type: "task.failed"; error: string })
  | (Base & Partial<TaskRef> & { type: "warning"; message: string })
  | (Base & { type: "run.finished"; reportPath: string; durationMs: number });

export type RunEventType = RunEvent["type"];
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
/** An event as a producer emits it: the bus stamps the time. */
export type NewEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, "at"> : never) : never;

import type { EventBus } from "../events/bus.js";
import type { Report } from "../report/types.js";
import type { ReportPaths } from "../report/write-reports.js";

/** How a run shows itself: ink (later), plain lines, or JSON lines. Each reads only the event stream. */
export interface Display {
  attach(bus: EventBus): void;
  /** Prints the closing summary; called once the report is written. */
  finish(report: Report, paths: ReportPaths): void | Promise<void>;
  /** A graceful stop was asked for. */
  stopping?(): void;
}

export type UiMode = "ink" | "plain" | "json";

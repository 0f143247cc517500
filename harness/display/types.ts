import type { EventBus } from "../events/bus.js";
import type { Report } from "../report/types.js";

/** How a run shows itself: ink (later), plain lines, or JSON lines. Each reads only the event stream. */
export interface Display {
  attach(bus: EventBus): void;
  /** Prints the closing summary; called once the report is written. */
  finish(report: Report, reportPath: string): void | Promise<void>;
  /** A graceful stop was asked for. */
  stopping?(): void;
}

export type UiMode = "ink" | "plain" | "json";

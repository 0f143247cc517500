import type { EventBus } from "../events/bus.js";
import type { Report } from "../report/types.js";
import type { ReportPaths } from "../report/write-reports.js";
import type { Display } from "./types.js";

/** The event stream itself, one JSON object a line, for other tools. */
export class JsonLinesDisplay implements Display {
  constructor(private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {}

  attach(bus: EventBus): void {
    bus.subscribe((e) => this.write(JSON.stringify(e)));
  }

  finish(_report: Report, _paths: ReportPaths): void {}
}

import { render, type Instance } from "ink";
import type { EventBus } from "../../events/bus.js";
import type { Report } from "../../report/types.js";
import { listPaths, type ReportPaths } from "../../report/write-reports.js";
import type { Display } from "../types.js";
import { App } from "./app.js";
import { ThrottledRunStore } from "./store.js";

/** The live terminal UI: rows per candidate × task, ticking totals, the last warnings, the summary. */
export class InkDisplay implements Display {
  private readonly store = new ThrottledRunStore();
  private instance?: Instance;

  constructor(private readonly onStop?: () => void) {}

  attach(bus: EventBus): void {
    this.store.attach(bus);
    this.instance = render(<App store={this.store} onStop={this.onStop} />, { exitOnCtrlC: false, patchConsole: true });
  }

  stopping(): void {
    this.store.stopping();
  }

  async finish(report: Report, paths: ReportPaths): Promise<void> {
    this.store.finish(report, listPaths(paths));
    // let React draw the last state before unmounting (an unmount in the same tick drops it)
    await new Promise((r) => setTimeout(r, 50));
    this.instance?.unmount();
    await this.instance?.waitUntilExit();
  }
}

import { render, type Instance } from "ink";
import { join } from "node:path";
import type { EventBus } from "../../events/bus.js";
import type { Report } from "../../report/types.js";
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

  async finish(report: Report, reportPath: string): Promise<void> {
    const dir = join(reportPath, "..");
    this.store.finish(report, [reportPath, join(dir, "summary.md"), join(dir, "junit.xml"), join(dir, "index.html")]);
    // let React draw the last state before unmounting (an unmount in the same tick drops it)
    await new Promise((r) => setTimeout(r, 50));
    this.instance?.unmount();
    await this.instance?.waitUntilExit();
  }
}

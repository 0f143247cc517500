import type { EventBus } from "../../events/bus.js";
import type { Report } from "../../report/types.js";
import { RunStateBuilder, type RunState } from "../run-state.js";

/**
 * The run state for React: events update it at any rate, but listeners hear of it at most every
 * `intervalMs` (twice a second by default, and once a second for the clocks), so drawing
 * never slows the run.
 */
export class ThrottledRunStore {
  private readonly builder = new RunStateBuilder();
  private snapshot: RunState = copy(this.builder.state);
  private listeners = new Set<() => void>();
  private shown = -1;
  private timer?: NodeJS.Timeout;
  private lastTick = 0;

  constructor(private readonly intervalMs = 500) {}

  attach(bus: EventBus) {
    bus.subscribe((e) => this.builder.apply(e));
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Publishes the latest state now if anything changed (also used at the very end). */
  flush(force = false) {
    const now = Date.now();
    if (now - this.lastTick >= 1000) {
      this.builder.tick(now);
      this.lastTick = now;
    }
    if (!force && this.builder.version === this.shown) return;
    this.shown = this.builder.version;
    this.snapshot = copy(this.builder.state);
    for (const l of this.listeners) l();
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = () => this.snapshot;

  stopping() {
    this.builder.stopping();
    this.flush(true);
  }

  finish(report: Report, paths: string[]) {
    this.builder.finish(report, paths);
    this.flush(true);
    if (this.timer) clearInterval(this.timer);
  }
}

const copy = (s: RunState): RunState => ({
  ...s,
  rows: s.rows.map((r) => ({ ...r, counts: { ...r.counts } })),
  warnings: [...s.warnings],
});

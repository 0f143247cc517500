import { itemKeyOf, unitKey, unitLabel } from "../core/keys.js";
import { addToCounts, emptyCounts, type Counts, type VerdictStatus } from "../core/verdict.js";
import { formatSeconds } from "../util/format.js";
import type { RunEvent } from "../events/types.js";
import type { Report } from "../report/types.js";

export type UnitState = "queued" | "checking out" | "agent running" | "judging" | "done" | "failed";

export interface UnitRow {
  /** `candidate/task`, as the displays show it. */
  key: string;
  candidate: string;
  task: string;
  state: UnitState;
  /** When the current state began (ms since the epoch). */
  since: number;
  judged: number;
  total: number;
  counts: Counts;
  error?: string;
}

export interface RunState {
  runId: string;
  suite: string;
  judge: string;
  outputDir: string;
  candidates: string[];
  tasks: number;
  requirements: number;
  preferences: number;
  startedAt: number;
  now: number;
  rows: UnitRow[];
  /** Items with a verdict (an error included); `errors` and `undecided` of them are counted apart. */
  judged: number;
  total: number;
  errors: number;
  undecided: number;
  failedUnits: number;
  llmCalls: number;
  cacheHits: number;
  retries: number;
  inputTokens: number;
  outputTokens: number;
  /** Of inputTokens, read from the provider's prompt cache; of outputTokens, spent reasoning. */
  cachedInputTokens: number;
  reasoningTokens: number;
  cost: number;
  /** Calls to a model without a known price: the cost is then unknown. */
  unpricedCalls: number;
  warnings: string[];
  stopping: boolean;
  finished?: { report: Report; paths: string[] };
}

const WARNINGS_KEPT = 5;

/**
 * The run as a display sees it, folded from the event stream. Pure: no timers, no I/O; the displays
 * decide when to look.
 */
export class RunStateBuilder {
  state: RunState = {
    runId: "",
    suite: "",
    judge: "",
    outputDir: "",
    candidates: [],
    tasks: 0,
    requirements: 0,
    preferences: 0,
    startedAt: Date.now(),
    now: Date.now(),
    rows: [],
    judged: 0,
    total: 0,
    errors: 0,
    undecided: 0,
    failedUnits: 0,
    llmCalls: 0,
    cacheHits: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    unpricedCalls: 0,
    warnings: [],
    stopping: false,
  };
  private readonly byKey = new Map<string, UnitRow>();
  /** The last verdict of every item: a resumed run re-judges errors, and the replayed journal must not count twice. */
  private readonly verdicts = new Map<string, VerdictStatus>();
  /** Bumped on every change, so a renderer can tell whether to draw. */
  version = 0;

  private row(candidate: string, task: string): UnitRow | undefined {
    return this.byKey.get(unitKey(candidate, task));
  }

  apply(e: RunEvent): void {
    const s = this.state;
    this.version++;
    s.now = e.at;
    switch (e.type) {
      case "run.started": {
        const m = e.manifest;
        Object.assign(s, {
          runId: m.runId,
          suite: m.suitePaths.join(", "),
          judge: m.judge === "static" ? "static" : `${m.judge} · ${m.config.judge?.model ?? "?"}`,
          outputDir: m.outputDir,
          candidates: m.candidates.map((c) => c.name),
          tasks: m.tasks.length,
          requirements: m.tasks.reduce((n, t) => n + t.requirements.length, 0),
          preferences: m.tasks.reduce((n, t) => n + t.preferences.length, 0),
          startedAt: e.at,
          // what this run (or shard) will judge: every item of every unit
          total: e.requirements + e.preferences,
        });
        const tasks = new Map(m.tasks.map((t) => [t.id, t]));
        for (const u of e.units) {
          const t = tasks.get(u.task);
          const row: UnitRow = {
            key: unitLabel(u.candidate, u.task),
            candidate: u.candidate,
            task: u.task,
            state: "queued",
            since: e.at,
            judged: 0,
            total: t ? t.requirements.length + t.preferences.length : 0,
            counts: emptyCounts(),
          };
          this.byKey.set(unitKey(u.candidate, u.task), row);
          s.rows.push(row);
        }
        break;
      }
      case "run.resumed":
        s.judged = Math.max(s.judged, 0);
        break;
      case "task.started":
        this.move(e.candidate, e.task, "checking out", e.at);
        break;
      case "agent.started":
        this.move(e.candidate, e.task, "agent running", e.at);
        break;
      case "workspace.ready":
        // ready, but judged only once one of its items gets a judge slot
        this.move(e.candidate, e.task, "queued", e.at);
        break;
      case "judging.started":
        this.move(e.candidate, e.task, "judging", e.at);
        break;
      case "item.judged": {
        const r = this.row(e.candidate, e.task);
        const key = itemKeyOf(e.candidate, e.task, e.kind, e.id);
        const before = this.verdicts.get(key);
        this.verdicts.set(key, e.verdict.status);
        if (before !== undefined) {
          if (r) addToCounts(r.counts, before, -1);
          this.tally(before, -1);
        } else {
          if (r) r.judged++;
          s.judged++;
        }
        if (r) addToCounts(r.counts, e.verdict.status);
        // a replayed journal has no judging.started: a verdict means the unit is being judged
        if (r && r.state === "queued" && r.judged > 0) this.move(e.candidate, e.task, "judging", e.at);
        this.tally(e.verdict.status, 1);
        break;
      }
      case "usage":
        if (e.cached) s.cacheHits++;
        else {
          s.llmCalls++;
          s.inputTokens += e.inputTokens;
          s.outputTokens += e.outputTokens;
          s.cachedInputTokens += e.cachedInputTokens ?? 0;
          s.reasoningTokens += e.reasoningTokens ?? 0;
          s.cost += e.cost;
          if (e.unpriced) s.unpricedCalls++;
        }
        break;
      case "task.finished":
        this.move(e.candidate, e.task, "done", e.at);
        break;
      case "task.failed": {
        const r = this.row(e.candidate, e.task);
        if (r?.state !== "failed") s.failedUnits++;
        this.move(e.candidate, e.task, "failed", e.at);
        if (r) r.error = e.error;
        this.warn(`${e.candidate}/${e.task}: ${e.error}`);
        break;
      }
      case "retry":
        s.retries++;
        this.warn(`retry ${e.candidate ? `${e.candidate}/${e.task} ` : ""}in ${formatSeconds(e.delayMs)}: ${e.reason}`);
        break;
      case "warning":
        this.warn(e.task ? `${e.candidate}/${e.task}: ${e.message}` : e.message);
        break;
    }
  }

  private tally(status: VerdictStatus, by: 1 | -1) {
    if (status === "error") this.state.errors += by;
    if (status === "undecided") this.state.undecided += by;
  }

  private move(candidate: string, task: string, state: UnitState, at: number) {
    const r = this.row(candidate, task);
    if (r && r.state !== state) Object.assign(r, { state, since: at });
  }

  private warn(message: string) {
    const w = this.state.warnings;
    w.push(message);
    if (w.length > WARNINGS_KEPT) w.splice(0, w.length - WARNINGS_KEPT);
  }

  tick(now: number) {
    this.state.now = now;
    this.version++;
  }

  stopping() {
    this.state.stopping = true;
    this.version++;
  }

  finish(report: Report, paths: string[]) {
    this.state.finished = { report, paths };
    this.version++;
  }
}

/** Requirements judged per second so far, and the time the rest will take at that pace. */
export function pace(s: RunState): { perSecond: number; etaMs: number | undefined } {
  const elapsed = Math.max(1, s.now - s.startedAt);
  const perSecond = (s.judged * 1000) / elapsed;
  const left = s.total - s.judged;
  return { perSecond, etaMs: perSecond > 0 && left > 0 ? (left / perSecond) * 1000 : left <= 0 ? 0 : undefined };
}

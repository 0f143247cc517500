import type { VerdictStatus } from "../core/verdict.js";
import type { RunEvent } from "../events/types.js";
import { emptyCounts, type Counts, type Report } from "../report/types.js";
import { inShard } from "../run/units.js";

export type UnitState = "queued" | "checking out" | "agent running" | "judging" | "done" | "failed";

export interface UnitRow {
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
    return this.byKey.get(`${candidate}/${task}`);
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
        for (const c of m.candidates) {
          for (const t of m.tasks.filter((t) => inShard(c.name, t.id, m.shard))) {
            const row: UnitRow = {
              key: `${c.name}/${t.id}`,
              candidate: c.name,
              task: t.id,
              state: "queued",
              since: e.at,
              judged: 0,
              total: t.requirements.length + t.preferences.length,
              counts: emptyCounts(),
            };
            this.byKey.set(row.key, row);
            s.rows.push(row);
          }
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
        const key = `${e.candidate}\u0000${e.task}\u0000${e.kind}\u0000${e.id}`;
        const before = this.verdicts.get(key);
        this.verdicts.set(key, e.verdict.status);
        if (before !== undefined) {
          if (r) add(r.counts, before, -1);
          this.tally(before, -1);
        } else {
          if (r) r.judged++;
          s.judged++;
        }
        if (r) add(r.counts, e.verdict.status);
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
        this.warn(
          `retry ${e.candidate ? `${e.candidate}/${e.task} ` : ""}in ${(e.delayMs / 1000).toFixed(1)}s: ${e.reason}`,
        );
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

function add(c: Counts, status: VerdictStatus, by = 1) {
  c[status] += by;
  c.total += by;
}

/** Requirements judged per second so far, and the time the rest will take at that pace. */
export function pace(s: RunState): { perSecond: number; etaMs: number | undefined } {
  const elapsed = Math.max(1, s.now - s.startedAt);
  const perSecond = (s.judged * 1000) / elapsed;
  const left = s.total - s.judged;
  return { perSecond, etaMs: perSecond > 0 && left > 0 ? (left / perSecond) * 1000 : left <= 0 ? 0 : undefined };
}

export const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60
    ? `${s}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
      : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
};

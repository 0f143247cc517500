import type { EventBus } from "../events/bus.js";
import type { RunEvent } from "../events/types.js";
import { emptyCounts, type Counts, type Report } from "../report/types.js";
import { addToCounts } from "../report/build-report.js";
import { summaryLines } from "./summary.js";
import type { Display } from "./types.js";

const fmt = (c: Counts) => `satisfied=${c.satisfied} unsatisfied=${c.unsatisfied} undecided=${c.undecided} error=${c.error}${c.skipped ? ` skipped=${c.skipped}` : ""}`;

/** Greppable lines, one per meaningful event: for CI logs and pipes. */
export class PlainDisplay implements Display {
  private readonly perUnit = new Map<string, { reqs: Counts; prefs: Counts }>();

  constructor(private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {}

  attach(bus: EventBus): void {
    bus.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: RunEvent) {
    switch (e.type) {
      case "run.started": {
        const m = e.manifest;
        const shard = m.shard ? `, shard ${m.shard.index}/${m.shard.total} (${e.units} unit(s))` : "";
        this.write(`devjudge run ${m.runId}: ${m.tasks.length} task(s), ${e.requirements} requirement(s), ${e.preferences} preference(s) over ${m.candidates.length} candidate(s) [${m.candidates.map((c) => c.name).join(", ")}], judge ${m.judge}, ${m.mode}${shard}, suite ${m.suitePaths.join(", ")}`);
        break;
      }
      case "run.resumed":
        this.write(`resuming: ${e.judged} item(s) already judged, ${e.remaining} to go`);
        break;
      case "agent.started":
        this.write(`agent ${e.candidate}/${e.task}: ${e.command}`);
        break;
      case "agent.exited":
        this.write(`agent ${e.candidate}/${e.task} ${e.timedOut ? "timed out" : `exited ${e.exitCode}`} after ${(e.durationMs / 1000).toFixed(1)}s`);
        break;
      case "retry":
        this.write(`retry ${e.candidate ? `${e.candidate}/${e.task} ` : ""}#${e.attempt} in ${(e.delayMs / 1000).toFixed(1)}s: ${e.reason}`);
        break;
      case "item.judged": {
        const key = `${e.candidate}/${e.task}`;
        let u = this.perUnit.get(key);
        if (!u) this.perUnit.set(key, (u = { reqs: emptyCounts(), prefs: emptyCounts() }));
        addToCounts(e.kind === "requirement" ? u.reqs : u.prefs, e.verdict.status);
        break;
      }
      case "task.finished": {
        const u = this.perUnit.get(`${e.candidate}/${e.task}`);
        this.write(`done ${e.candidate}/${e.task} ${fmt(u?.reqs ?? emptyCounts())} preferences=${u?.prefs.satisfied ?? 0}/${u?.prefs.total ?? 0}`);
        break;
      }
      case "task.failed":
        this.write(`failed ${e.candidate}/${e.task}: ${e.error}`);
        break;
      case "info":
        this.write(`${e.candidate ? `${e.candidate}: ` : ""}${e.message}`);
        break;
      case "warning":
        this.write(`warning ${e.candidate ? `${e.candidate}/${e.task}: ` : ""}${e.message}`);
        break;
    }
  }

  finish(report: Report, reportPath: string): void {
    for (const l of summaryLines(report, reportPath)) this.write(l);
  }
}

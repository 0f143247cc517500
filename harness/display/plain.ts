import type { EventBus } from "../events/bus.js";
import type { RunEvent } from "../events/types.js";
import type { Counts } from "../core/verdict.js";
import type { Report } from "../report/types.js";
import type { ReportPaths } from "../report/write-reports.js";
import { pace, RunStateBuilder } from "./run-state.js";
import { summaryLines } from "./summary.js";
import type { Display } from "./types.js";
import { formatClock, formatSeconds, formatUsd } from "../util/format.js";

const fmt = (c: Counts) =>
  `satisfied=${c.satisfied} unsatisfied=${c.unsatisfied} undecided=${c.undecided} error=${c.error}` +
  `${c.skipped ? ` skipped=${c.skipped}` : ""}`;

/** Greppable lines, one per meaningful event, and a progress line at most every few seconds: for CI logs and pipes. */
export class PlainDisplay implements Display {
  private readonly run = new RunStateBuilder();
  private lastProgress = 0;

  constructor(
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    private readonly progressEveryMs = 5000,
  ) {}

  attach(bus: EventBus): void {
    bus.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: RunEvent) {
    this.run.apply(e);
    const s = this.run.state;
    switch (e.type) {
      case "run.started": {
        const m = e.manifest;
        this.lastProgress = e.at;
        const shard = m.shard ? `, shard ${m.shard.index}/${m.shard.total}` : "";
        this.write(
          `devjudge run ${m.runId}: ${m.tasks.length} task(s) ` +
            `(${s.requirements} requirement(s), ${s.preferences} preference(s)) × ` +
            `${m.candidates.length} candidate(s) [${m.candidates.map((c) => c.name).join(", ")}] = ` +
            `${e.units.length} unit(s), ${s.total} item(s) to judge; ` +
            `judge ${m.judge}, ${m.mode}${shard}, suite ${m.suitePaths.join(", ")}`,
        );
        break;
      }
      case "run.resumed":
        this.write(`resuming: ${e.judged} item(s) already judged, ${e.remaining} to go`);
        break;
      case "agent.started":
        this.write(`agent ${e.candidate}/${e.task}: ${e.command}`);
        break;
      case "agent.exited":
        this.write(
          `agent ${e.candidate}/${e.task} ${e.timedOut ? "timed out" : `exited ${e.exitCode}`} ` +
            `after ${formatSeconds(e.durationMs)}`,
        );
        break;
      case "retry":
        this.write(
          `retry ${e.candidate ? `${e.candidate}/${e.task} ` : ""}#${e.attempt} ` +
            `in ${formatSeconds(e.delayMs)}: ${e.reason}`,
        );
        break;
      case "task.finished": {
        const row = s.rows.find((r) => r.candidate === e.candidate && r.task === e.task);
        if (row) this.write(`done ${row.key} ${fmt(row.counts)}`);
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
    if (e.type === "item.judged" && e.at - this.lastProgress >= this.progressEveryMs && s.judged < s.total) {
      this.lastProgress = e.at;
      const p = pace(s);
      this.write(
        `progress ${s.judged}/${s.total} judged, undecided ${s.undecided}, errors ${s.errors}, ` +
          `failed units ${s.failedUnits}, ${p.perSecond.toFixed(1)}/s, ` +
          `ETA ${p.etaMs === undefined ? "-" : formatClock(p.etaMs)}, ` +
          `llm calls ${s.llmCalls}, cache hits ${s.cacheHits}, retries ${s.retries}, ` +
          `tokens ${s.inputTokens}/${s.outputTokens}, cached input tokens ${s.cachedInputTokens}, ` +
          `cost ${formatUsd({ cost: s.cost, unpricedCalls: s.unpricedCalls })}`,
      );
    }
  }

  stopping(): void {
    this.write("stopping: in-flight work is abandoned, the journal is kept");
  }

  finish(report: Report, paths: ReportPaths): void {
    for (const l of summaryLines(report, paths.report)) this.write(l);
  }
}

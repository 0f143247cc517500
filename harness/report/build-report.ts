import type { RunEvent, RunManifest } from "../events/types.js";
import { addToCounts, emptyCounts, sumCounts, sumUsage } from "../core/verdict.js";
import { candidateMetrics } from "./candidate-metrics.js";
import { coverageOf, sumCoverage } from "./coverage.js";
import { runUnits } from "../run/units.js";
import { itemKey } from "../tasks/types.js";
import { labelAgreement } from "../compare/label-agreement.js";
import {
  REPORT_VERSION,
  type AgentRun,
  type CandidateLabels,
  type Report,
  type ReportCandidate,
  type ReportTask,
  type ReportVerdict,
  type TraceSummary,
} from "./types.js";
import { unitKey } from "../core/keys.js";

interface Unit {
  workspace?: string;
  trace?: TraceSummary;
  agent?: AgentRun;
  error?: string;
  reqs: Map<string, ReportVerdict>;
  prefs: Map<string, ReportVerdict>;
}

/**
 * Folds the event stream (live, or a journal read back) into a report. Events arrive in any
 * order; `build` puts tasks and items back in suite order. A verdict seen twice keeps the last.
 */
export class ReportBuilder {
  private manifest?: RunManifest;
  private startedAt = 0;
  private readonly units = new Map<string, Unit>();
  private readonly warnings: string[] = [];
  private readonly retries = new Map<string, number>();

  constructor(private readonly version: string) {}

  static fromEvents(events: RunEvent[], version: string): ReportBuilder {
    const b = new ReportBuilder(version);
    for (const e of events) b.listener(e);
    return b;
  }

  private unit(candidate: string, task: string): Unit {
    const key = unitKey(candidate, task);
    let u = this.units.get(key);
    if (!u) this.units.set(key, (u = { reqs: new Map(), prefs: new Map() }));
    return u;
  }

  readonly listener = (e: RunEvent): void => {
    switch (e.type) {
      case "run.started":
        this.manifest = e.manifest;
        this.startedAt = e.at;
        break;
      case "workspace.ready":
        Object.assign(this.unit(e.candidate, e.task), { workspace: e.workspace, trace: e.trace, error: undefined });
        break;
      case "agent.exited":
        this.unit(e.candidate, e.task).agent = {
          exitCode: e.exitCode,
          durationMs: e.durationMs,
          timedOut: e.timedOut,
          selfTerminated: e.selfTerminated,
        };
        break;
      case "item.judged": {
        const u = this.unit(e.candidate, e.task);
        (e.kind === "requirement" ? u.reqs : u.prefs).set(itemKey(e.id), { id: e.id, ...e.verdict });
        break;
      }
      case "task.failed":
        this.unit(e.candidate, e.task).error = e.error;
        break;
      case "retry":
        this.retries.set(e.candidate ?? "", (this.retries.get(e.candidate ?? "") ?? 0) + 1);
        break;
      case "warning":
        this.warnings.push(e.task ? `${e.candidate}/${e.task}: ${e.message}` : e.message);
        break;
    }
  };

  /** The report; with `labels`, every labelled candidate's agreement with them (as `compare` computes it). */
  build(finishedAt = Date.now(), labels: CandidateLabels = new Map()): Report {
    const m = this.manifest;
    if (!m) throw new Error("no run.started event: nothing to build a report from");
    const suiteTasks = m.tasks.map((t) => ({
      id: t.id,
      name: t.name,
      requirements: t.requirements.map((r) => ({
        id: r.id,
        criteria: r.criteria,
        category: r.category,
        prerequisites: r.prerequisites,
      })),
      preferences: t.preferences.map((p) => ({ id: p.id, criteria: p.criteria })),
    }));
    const units = runUnits(m);
    const candidates = m.candidates.map((c) => {
      const tasks: ReportTask[] = [];
      for (const t of m.tasks) {
        const u = this.units.get(unitKey(c.name, t.id));
        if (!u) continue;
        const requirements = t.requirements
          .map((r) => u.reqs.get(itemKey(r.id)))
          .filter((v): v is ReportVerdict => !!v);
        const preferences = t.preferences.map((p) => u.prefs.get(itemKey(p.id))).filter((v): v is ReportVerdict => !!v);
        const counts = emptyCounts();
        requirements.forEach((v) => addToCounts(counts, v.status));
        const preferenceCounts = emptyCounts();
        preferences.forEach((v) => addToCounts(preferenceCounts, v.status));
        tasks.push({
          task: t.id,
          status: u.error ? "failed" : "judged",
          ...(u.error ? { error: u.error } : {}),
          ...(u.agent ? { agent: u.agent } : {}),
          ...(u.workspace ? { workspace: u.workspace } : {}),
          ...(u.trace ? { trace: u.trace } : {}),
          requirements,
          preferences,
          counts,
          preferenceCounts,
          usage: sumUsage([...requirements, ...preferences].map((v) => v.usage)),
        });
      }
      const labelled = labels.get(c.name);
      const candidate: ReportCandidate = {
        name: c.name,
        kind: c.kind,
        tasks,
        counts: sumCounts(tasks.map((t) => t.counts)),
        preferenceCounts: sumCounts(tasks.map((t) => t.preferenceCounts)),
        coverage: coverageOf(
          { tasks },
          suiteTasks,
          units.filter((u) => u.candidate === c.name).map((u) => u.task.id),
        ),
        metrics: candidateMetrics({ tasks }, suiteTasks),
        retries: this.retries.get(c.name) ?? 0,
      };
      if (labelled) candidate.labels = labelAgreement(candidate, labelled.labels, labelled.file, suiteTasks);
      return candidate;
    });
    return {
      version: REPORT_VERSION,
      runId: m.runId,
      devjudge: this.version,
      createdAt: new Date(this.startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: Math.max(0, finishedAt - this.startedAt),
      judge: { name: m.judge },
      mode: m.mode,
      ...(m.shard ? { shard: m.shard } : {}),
      suite: { paths: m.suitePaths, tasks: suiteTasks },
      candidates,
      counts: sumCounts(candidates.map((c) => c.counts)),
      coverage: sumCoverage(candidates.map((c) => c.coverage)),
      usage: sumUsage(candidates.map((c) => c.metrics.usage)),
      retries: [...this.retries.values()].reduce((a, b) => a + b, 0),
      warnings: [...new Set(this.warnings)],
    };
  }
}

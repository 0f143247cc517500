import { sumCoverage } from "./coverage.js";
import { candidateMetrics } from "./candidate-metrics.js";
import { mergeLabelAgreements } from "../compare/label-agreement.js";
import { sumCounts, sumUsage } from "../core/verdict.js";
import { type LabelAgreement, type Report, type ReportCandidate } from "./types.js";

/**
 * Combines the reports of shards of one run into the report an unsharded run would have written:
 * same suite, tasks in suite order, counts and metrics recomputed, label agreement summed.
 */
export function mergeReports(reports: Report[]): Report {
  if (reports.length === 0) throw new Error("nothing to merge");
  const first = reports[0]!;
  const ids = (r: Report) => r.suite.tasks.map((t) => t.id).join("\n");
  for (const r of reports.slice(1)) {
    if (ids(r) !== ids(first))
      throw new Error(
        `run ${r.runId} judged another suite than ${first.runId}: shards of one run must share the suite`,
      );
    if (r.judge.name !== first.judge.name || r.mode !== first.mode)
      throw new Error(
        `run ${r.runId} used judge ${r.judge.name}/${r.mode}, ${first.runId} used ${first.judge.name}/${first.mode}`,
      );
  }
  const order = new Map(first.suite.tasks.map((t, i) => [t.id, i]));
  const names = [...new Set(reports.flatMap((r) => r.candidates.map((c) => c.name)))];
  const candidates: ReportCandidate[] = names.map((name) => {
    const parts = reports.flatMap((r) => r.candidates.filter((c) => c.name === name));
    const tasks = parts.flatMap((c) => c.tasks);
    const seen = new Set<string>();
    for (const t of tasks) {
      if (seen.has(t.task)) throw new Error(`${name}/${t.task} is in more than one of the runs: the shards overlap`);
      seen.add(t.task);
    }
    tasks.sort((a, b) => order.get(a.task)! - order.get(b.task)!);
    const labelled = parts.filter((c) => c.labels).map((c) => c.labels!);
    const labels: LabelAgreement | undefined = labelled.length
      ? mergeLabelAgreements(labelled, (a, b) => order.get(a.task)! - order.get(b.task)!)
      : undefined;
    return {
      name,
      kind: parts[0]!.kind,
      tasks,
      counts: sumCounts(tasks.map((t) => t.counts)),
      preferenceCounts: sumCounts(tasks.map((t) => t.preferenceCounts)),
      coverage: sumCoverage(parts.map((c) => c.coverage)),
      ...(labels ? { labels } : {}),
      metrics: candidateMetrics({ tasks }, first.suite.tasks),
      retries: parts.reduce((n, c) => n + (c.retries ?? 0), 0),
    };
  });
  const created = Math.min(...reports.map((r) => Date.parse(r.createdAt)));
  const finished = Math.max(...reports.map((r) => Date.parse(r.finishedAt)));
  return {
    version: first.version,
    runId: reports.length === 1 ? first.runId : `${first.runId}+${reports.length - 1}`,
    devjudge: first.devjudge,
    createdAt: new Date(created).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    judge: first.judge,
    mode: first.mode,
    suite: first.suite,
    candidates,
    counts: sumCounts(candidates.map((c) => c.counts)),
    coverage: sumCoverage(candidates.map((c) => c.coverage)),
    usage: sumUsage(candidates.map((c) => c.metrics.usage)),
    retries: reports.reduce((n, r) => n + (r.retries ?? 0), 0),
    warnings: [...new Set(reports.flatMap((r) => r.warnings))],
  };
}

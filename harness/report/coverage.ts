import type { Coverage, ReportCandidate, ReportSuiteTask } from "./types.js";

/**
 * What a candidate's report covers of what it was to judge. `expectedTasks` are the tasks of its
 * units in this run (or shard); a task missing from `candidate.tasks` was never reached.
 */
export function coverageOf(
  candidate: Pick<ReportCandidate, "tasks">,
  suite: ReportSuiteTask[],
  expectedTasks: string[],
): Coverage {
  const size = new Map(suite.map((t) => [t.id, t.requirements.length]));
  const byTask = new Map(candidate.tasks.map((t) => [t.task, t]));
  const out: Coverage = { judged: 0, total: 0, errors: 0, missing: 0, failedUnits: [] };
  for (const id of expectedTasks) {
    const expected = size.get(id) ?? 0;
    out.total += expected;
    const t = byTask.get(id);
    if (!t) {
      out.missing += expected;
      continue;
    }
    const errors = t.requirements.filter((v) => v.status === "error").length;
    out.errors += errors;
    out.judged += t.requirements.length - errors;
    out.missing += Math.max(0, expected - t.requirements.length);
    if (t.status === "failed") out.failedUnits.push({ task: id, cause: t.error ?? "failed" });
  }
  return out;
}

export function sumCoverage(all: Coverage[]): Coverage {
  return {
    judged: all.reduce((n, c) => n + c.judged, 0),
    total: all.reduce((n, c) => n + c.total, 0),
    errors: all.reduce((n, c) => n + c.errors, 0),
    missing: all.reduce((n, c) => n + c.missing, 0),
    failedUnits: all.flatMap((c) => c.failedUnits),
  };
}

export const isComplete = (c: Coverage) => (c.total > 0 ? c.judged === c.total : true);

/** `42/46 judged (91.30%)`, the form every display uses. */
export function formatCoverage(c: Coverage): string {
  const share = c.total === 0 ? 100 : Math.floor((10000 * c.judged) / c.total) / 100;
  return `${c.judged}/${c.total} judged (${share.toFixed(2)}%)`;
}

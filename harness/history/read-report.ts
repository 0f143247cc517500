import type { Report, ReportCandidate } from "../report/types.js";
import { itemKey } from "../tasks/types.js";

/**
 * Everything the history reads from a report.json lives here, so a change to the report's shape
 * (coverage and metrics over judged requirements are being added) is adapted in one place.
 */
export interface CandidateFigures {
  reqMetI: number;
  reqMetD: number;
  solveRate: number;
  /** Requirements with a verdict other than `error`, out of those the suite asks of this candidate. */
  coverage: { judged: number; total: number };
  cost: number;
  inputTokens: number;
  outputTokens: number;
  /** Judge time plus agent time, in milliseconds. */
  timeMs: number;
}

type WithCoverage = ReportCandidate & { coverage?: { judged: number; total: number } };

/** Coverage from the report when it says it; otherwise counted from the verdicts. */
export function coverageOf(report: Report, candidate: ReportCandidate): { judged: number; total: number } {
  const given = (candidate as WithCoverage).coverage;
  if (given && Number.isFinite(given.judged) && Number.isFinite(given.total))
    return { judged: given.judged, total: given.total };
  const defs = new Map(report.suite.tasks.map((t) => [t.id, t]));
  let judged = 0;
  let total = 0;
  for (const t of candidate.tasks) {
    const asked = defs.get(t.task)?.requirements ?? [];
    const seen = new Map(t.requirements.map((v) => [itemKey(v.id), v.status]));
    total += asked.length;
    for (const r of asked) {
      const status = seen.get(itemKey(r.id));
      if (status !== undefined && status !== "error") judged++;
    }
  }
  return { judged, total };
}

export function candidateFigures(report: Report, candidate: ReportCandidate): CandidateFigures {
  const m = candidate.metrics;
  return {
    reqMetI: m.reqMetI,
    reqMetD: m.reqMetD,
    solveRate: m.solveRate,
    coverage: coverageOf(report, candidate),
    cost: m.usage.cost,
    inputTokens: m.usage.inputTokens,
    outputTokens: m.usage.outputTokens,
    timeMs: m.judgeTimeMs + m.agentTimeMs,
  };
}

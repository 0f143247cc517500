import { formatCoverage, isComplete } from "../report/coverage.js";
import type { Report } from "../report/types.js";
import { belowThresholds, type Threshold } from "./thresholds.js";

export interface RunOutcome {
  /** `incomplete`: a unit failed or a verdict is an error (and errors are not allowed); `failed`: below a threshold. */
  status: "ok" | "failed" | "incomplete";
  /** What to tell the user, one line each. */
  lines: string[];
}

/**
 * Whether a finished run passes: every requirement judged (unless errors are allowed), and every
 * threshold met — with thresholds, a candidate below 100 % coverage fails too.
 */
export function runOutcome(report: Report, thresholds: Threshold[], allowErrors = false): RunOutcome {
  const incomplete = report.candidates.filter((c) => !isComplete(c.coverage));
  if (incomplete.length && !allowErrors) {
    return {
      status: "incomplete",
      lines: [
        ...incomplete.map(
          (c) =>
            `not fully judged: ${c.name}: ${formatCoverage(c.coverage)}, ` +
            `${c.coverage.failedUnits.length} failed unit(s)`,
        ),
        "the run is incomplete; see the causes above and in the report, or pass --allow-errors to accept it",
      ],
    };
  }
  const below = belowThresholds(report, thresholds).map((l) => `below threshold: ${l}`);
  if (thresholds.length)
    for (const c of incomplete) below.push(`below threshold: ${c.name}: coverage ${formatCoverage(c.coverage)} < 100%`);
  return { status: below.length ? "failed" : "ok", lines: below };
}

import { formatCoverage, isComplete } from "./coverage.js";
import type { LabelAgreement, Report } from "./types.js";

/** `71.73% (33/46), decided-only 100.00% of 33`: the agreement line every display prints. */
export function formatAgreement(l: LabelAgreement): string {
  return (
    `${l.alignment.toFixed(2)}% (${l.agree}/${l.labelled}), κ ${l.kappa.toFixed(3)}, ` +
    `decided-only ${l.decidedAlignment.toFixed(2)}% of ${l.decided}`
  );
}

/** A percentage over judged requirements, or `–` when nothing was judged (never a 0.00 that reads as judged). */
export const pctOverJudged = (m: { judged: number }, value: number) => (m.judged ? value.toFixed(2) : "–");

const FAILED_LISTED = 5;

/**
 * What a reader must know before trusting the numbers: coverage below 100 % with the failed units
 * and their causes, tasks kept from "solved" by undecided requirements, and agreement with labels.
 */
export function summaryNotes(report: Report): string[] {
  const out: string[] = [];
  for (const c of report.candidates) {
    if (!isComplete(c.coverage)) {
      const cov = c.coverage;
      const parts = [`${cov.errors} error`, ...(cov.missing ? [`${cov.missing} not reached`] : [])];
      out.push(
        `${c.name}: coverage ${formatCoverage(cov)}; ` +
          `metrics are over the judged requirements only (${parts.join(", ")})`,
      );
      for (const f of cov.failedUnits.slice(0, FAILED_LISTED)) out.push(`  failed ${c.name}/${f.task}: ${f.cause}`);
      if (cov.failedUnits.length > FAILED_LISTED)
        out.push(`  … and ${cov.failedUnits.length - FAILED_LISTED} more failed unit(s) in report.json`);
    }
    const m = c.metrics;
    if (m.blockedByUndecided)
      out.push(
        `${c.name}: ${m.blockedByUndecided} of ${m.decidedTasks} task(s) not counted as solved ` +
          `only because of undecided requirements (${m.counts.undecided} undecided)`,
      );
    if (c.labels) out.push(`${c.name}: agreement with labels ${formatAgreement(c.labels)}`);
  }
  return out;
}

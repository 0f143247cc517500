import { formatCoverage } from "../report/coverage.js";
import { pctOverJudged, summaryNotes } from "../report/notes.js";
import type { Report } from "../report/types.js";
import { displayPath } from "../util/display-path.js";
import { formatCost, formatSeconds, formatTokens } from "../util/format.js";

/** A fixed-width text table. */
export function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)];
}

/** The per-candidate figures every display ends with. */
export function summaryLines(report: Report, reportPath: string): string[] {
  const rows = report.candidates.map((c) => [
    c.name,
    c.tasks.length,
    `${c.coverage.judged}/${c.coverage.total}`,
    pctOverJudged(c.metrics, c.metrics.reqMetI),
    pctOverJudged(c.metrics, c.metrics.reqMetD),
    c.metrics.decidedTasks ? c.metrics.solveRate.toFixed(2) : "–",
    c.counts.satisfied,
    c.counts.unsatisfied,
    c.counts.undecided,
    c.counts.error,
    `${c.preferenceCounts.satisfied}/${c.preferenceCounts.total}`,
    formatCost(c.metrics.usage),
    formatSeconds(c.metrics.judgeTimeMs),
    c.labels ? `${c.labels.alignment.toFixed(2)}%` : "-",
  ]);
  const notes = summaryNotes(report);
  return [
    "",
    `Summary (judge: ${report.judge.name}, ${formatSeconds(report.durationMs)}, ` +
      `coverage ${formatCoverage(report.coverage)})`,
    ...table(
      [
        "candidate",
        "tasks",
        "judged",
        "Req (I)",
        "Req (D)",
        "solved",
        "satisfied",
        "unsatisfied",
        "undecided",
        "error",
        "prefs",
        "cost $",
        "judge time",
        "align w/ labels",
      ],
      rows,
    ),
    ...(report.usage.calls ? [`model calls ${report.usage.calls} · tokens ${formatTokens(report.usage)}`] : []),
    ...(notes.length ? ["", ...notes] : []),
    "",
    `report: ${displayPath(reportPath)}`,
  ];
}

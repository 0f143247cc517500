import type { Report, ReportCandidate } from "../types.js";
import { formatCost } from "../format-cost.js";

const f2 = (n: number) => n.toFixed(2);
const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const row = (cells: (string | number)[]) => `| ${cells.map((c) => esc(String(c))).join(" | ")} |`;
const mdTable = (head: string[], rows: (string | number)[][], align?: string[]) =>
  [row(head), `| ${(align ?? head.map((_, i) => (i === 0 ? ":--" : "--:"))).join(" | ")} |`, ...rows.map(row)].join("\n");

export const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`);

const SYMBOL = { satisfied: "✅", unsatisfied: "❌", undecided: "❔", error: "⚠️", skipped: "⏭️" } as const;

function cell(c: ReportCandidate, task: string): string {
  const t = c.tasks.find((x) => x.task === task);
  if (!t) return "–";
  if (t.status === "failed") return "failed";
  return `${t.counts.satisfied}/${t.counts.total}`;
}

/** The tables a person reads first; also what goes into $GITHUB_STEP_SUMMARY. */
export function renderSummaryMarkdown(report: Report, maxListed = 30): string {
  const out: string[] = [];
  out.push(`# devjudge run \`${report.runId}\``, "");
  out.push(`Suite: ${report.suite.paths.map((p) => `\`${p}\``).join(", ")} · ${report.suite.tasks.length} tasks · judge **${report.judge.name}** · ${formatMs(report.durationMs)}`, "");
  out.push("## Candidates", "");
  out.push(
    mdTable(
      ["candidate", "Req met (I) %", "Req met (D) %", "solved %", "self-term. %", "✅", "❌", "❔", "⚠️", "⏭️", "prefs ✅", "tokens in/out", "cost $", "judge time"],
      report.candidates.map((c) => {
        const m = c.metrics;
        return [
          c.name,
          f2(m.reqMetI),
          f2(m.reqMetD),
          f2(m.solveRate),
          m.selfTermination === null ? "–" : f2(m.selfTermination),
          m.counts.satisfied,
          m.counts.unsatisfied,
          m.counts.undecided,
          m.counts.error,
          m.counts.skipped,
          `${m.preferences.satisfied}/${m.preferences.total}`,
          `${m.usage.inputTokens}/${m.usage.outputTokens}${m.usage.cachedInputTokens ? ` (${m.usage.cachedInputTokens} cached)` : ""}`,
          formatCost(m.usage),
          formatMs(m.judgeTimeMs),
        ];
      }),
    ),
    "",
  );
  const labelled = report.candidates.filter((c) => c.labels);
  if (labelled.length) {
    out.push("## Agreement with human labels", "");
    out.push(mdTable(["candidate", "compared", "agree", "agree %", "not decided", "unlabelled"], labelled.map((c) => {
      const l = c.labels!;
      return [c.name, l.compared, l.agree, l.compared ? f2((100 * l.agree) / l.compared) : "–", l.notDecided, l.unlabelled];
    })), "");
  }
  out.push("## Tasks (requirements satisfied / judged)", "");
  out.push(mdTable(["task", ...report.candidates.map((c) => c.name)], report.suite.tasks.map((t) => [t.id, ...report.candidates.map((c) => cell(c, t.id))])), "");
  const categories = [...new Set(report.candidates.flatMap((c) => c.metrics.categories.map((k) => k.category)))].sort();
  if (categories.length) {
    out.push("## Req met (I) % by category", "");
    out.push(mdTable(["category", ...report.candidates.map((c) => c.name)], categories.map((k) => [k, ...report.candidates.map((c) => {
      const m = c.metrics.categories.find((x) => x.category === k);
      return m ? `${f2(m.reqMetI)} (${m.requirements})` : "–";
    })])), "");
  }
  const problems = report.candidates.flatMap((c) =>
    c.tasks.flatMap((t) => t.requirements.filter((v) => v.status === "unsatisfied" || v.status === "error").map((v) => ({ c: c.name, t: t.task, v }))),
  );
  if (problems.length) {
    out.push(`## Unsatisfied and errors (${problems.length})`, "");
    const defs = new Map(report.suite.tasks.map((t) => [t.id, t]));
    for (const { c, t, v } of problems.slice(0, maxListed)) {
      const criteria = defs.get(t)?.requirements.find((r) => String(r.id) === String(v.id))?.criteria ?? "";
      out.push(`- ${SYMBOL[v.status]} **${c}** · \`${t}\` #${v.id} ${esc(criteria)}  \n  ${esc(v.reason)}`);
    }
    if (problems.length > maxListed) out.push(`- … and ${problems.length - maxListed} more in report.json`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

import { formatCoverage } from "../coverage.js";
import { pctOverJudged, summaryNotes } from "../notes.js";
import type { Report, ReportCandidate, ReportVerdict } from "../types.js";
import { agentRunsMarkdown } from "./agent-runs.js";
import { f2, formatCost, formatDuration } from "../../util/format.js";

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const row = (cells: (string | number)[]) => `| ${cells.map((c) => esc(String(c))).join(" | ")} |`;
const mdTable = (head: string[], rows: (string | number)[][], align?: string[]) =>
  [row(head), `| ${(align ?? head.map((_, i) => (i === 0 ? ":--" : "--:"))).join(" | ")} |`, ...rows.map(row)].join(
    "\n",
  );

const SYMBOL = { satisfied: "✅", unsatisfied: "❌", undecided: "❔", error: "⚠️", skipped: "⏭️" } as const;

function cell(c: ReportCandidate, task: string): string {
  const t = c.tasks.find((x) => x.task === task);
  if (!t) return "–";
  if (t.status === "failed") return "failed";
  return `${t.counts.satisfied}/${t.counts.total}`;
}

type CommandEvidence = Extract<ReportVerdict["evidence"][number], { kind: "command" }>;

/**
 * A command that failed, or the one the reason names (its output did not match); not one that
 * passed before another check failed.
 */
const failed = (e: CommandEvidence, reason: string) =>
  e.timedOut || e.exitCode !== 0 || reason.includes(e.command.trim().split("\n")[0]!.slice(0, 60));

/** The command a verdict rests on, how it ended and the end of its output, as a code block inside the list item. */
function commandBlock(e: CommandEvidence, maxLines = 12): string {
  const cut = (l: string) => (l.length > 200 ? `${l.slice(0, 200)}…` : l);
  const script = e.command.trim().split("\n").map(cut);
  const output = (e.output ?? "").trimEnd();
  const lines = output ? output.split("\n").map(cut) : ["(no output)"];
  const body = [
    `$ ${script[0]}`,
    ...(script.length > 6 ? [...script.slice(1, 5), `… (${script.length - 5} more lines)`] : script.slice(1)),
    `→ ${e.timedOut ? "timed out" : `exit ${e.exitCode ?? "killed"}`}`,
    ...(lines.length > maxLines ? ["…", ...lines.slice(-maxLines)] : lines),
  ];
  const fence = "`".repeat(
    Math.max(3, ...body.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))),
  );
  return [`  ${fence}text`, ...body.map((l) => `  ${l}`), `  ${fence}`].join("\n");
}

/**
 * Where the judge and the labels differ, candidate by candidate: label, verdict, requirement and
 * the judge's reason.
 */
function disagreementList(report: Report, maxListed: number): string[] {
  const all = report.candidates.flatMap((c) => (c.labels?.disagreements ?? []).map((d) => ({ c, d })));
  if (!all.length) return [];
  const defs = new Map(report.suite.tasks.map((t) => [t.id, t]));
  const out = [`### Disagreements with labels (${all.length})`, ""];
  for (const { c, d } of all.slice(0, maxListed)) {
    const criteria = defs.get(d.task)?.requirements.find((r) => String(r.id) === String(d.id))?.criteria ?? "";
    const reason =
      c.tasks.find((t) => t.task === d.task)?.requirements.find((v) => String(v.id) === String(d.id))?.reason ?? "";
    out.push(
      `- **${c.name}** · \`${d.task}\` #${d.id} label ${SYMBOL[d.label]} ${d.label}, ` +
        `verdict ${SYMBOL[d.verdict]} ${d.verdict}: ${esc(criteria)}  \n  ${esc(reason)}`,
    );
  }
  if (all.length > maxListed) out.push(`- … and ${all.length - maxListed} more in report.json (labels.disagreements)`);
  out.push("");
  return out;
}

/** The tables a person reads first; also what goes into $GITHUB_STEP_SUMMARY. */
export function renderSummaryMarkdown(report: Report, maxListed = 30): string {
  const out: string[] = [];
  out.push(`# devjudge run \`${report.runId}\``, "");
  out.push(
    `Suite: ${report.suite.paths.map((p) => `\`${p}\``).join(", ")} · ${report.suite.tasks.length} tasks · ` +
      `judge **${report.judge.name}** · ${formatDuration(report.durationMs)} · ` +
      `coverage ${formatCoverage(report.coverage)}`,
    "",
  );
  out.push("## Candidates", "");
  out.push(
    mdTable(
      [
        "candidate",
        "judged",
        "Req met (I) %",
        "Req met (D) %",
        "solved %",
        "self-term. %",
        "✅",
        "❌",
        "❔",
        "⚠️",
        "⏭️",
        "prefs ✅",
        "tokens in/out",
        "cost $",
        "judge time",
      ],
      report.candidates.map((c) => {
        const m = c.metrics;
        return [
          c.name,
          `${c.coverage.judged}/${c.coverage.total}`,
          pctOverJudged(m, m.reqMetI),
          pctOverJudged(m, m.reqMetD),
          m.decidedTasks ? f2(m.solveRate) : "–",
          m.selfTermination === null ? "–" : f2(m.selfTermination),
          m.counts.satisfied,
          m.counts.unsatisfied,
          m.counts.undecided,
          m.counts.error,
          m.counts.skipped,
          `${m.preferences.satisfied}/${m.preferences.total}`,
          `${m.usage.inputTokens}/${m.usage.outputTokens}` +
            `${m.usage.cachedInputTokens ? ` (${m.usage.cachedInputTokens} cached)` : ""}`,
          formatCost(m.usage),
          formatDuration(m.judgeTimeMs),
        ];
      }),
    ),
    "",
  );
  const notes = summaryNotes(report).filter((l) => !l.includes("agreement with labels"));
  if (notes.length)
    out.push(
      "Metrics are computed over judged requirements; `error` verdicts and unreached requirements are not counted.",
      "",
      ...notes.map((l) => `- ${esc(l.trim())}`),
      "",
    );
  const labelled = report.candidates.filter((c) => c.labels);
  if (labelled.length) {
    out.push("## Agreement with human labels", "");
    out.push(
      "Alignment counts an undecided, error or skipped verdict on a labelled requirement as a disagreement " +
        "(as `devjudge compare` does); decided-only agreement leaves those out.",
      "",
    );
    out.push(
      mdTable(
        ["candidate", "labelled", "agree", "alignment %", "kappa", "decided", "decided-only %", "unlabelled"],
        labelled.map((c) => {
          const l = c.labels!;
          return [
            c.name,
            l.labelled,
            l.agree,
            f2(l.alignment),
            l.kappa.toFixed(3),
            l.decided,
            f2(l.decidedAlignment),
            l.unlabelled,
          ];
        }),
      ),
      "",
    );
    out.push(...disagreementList(report, maxListed));
  }
  out.push("## Tasks (requirements satisfied / judged)", "");
  out.push(
    mdTable(
      ["task", ...report.candidates.map((c) => c.name)],
      report.suite.tasks.map((t) => [t.id, ...report.candidates.map((c) => cell(c, t.id))]),
    ),
    "",
  );
  const categories = [...new Set(report.candidates.flatMap((c) => c.metrics.categories.map((k) => k.category)))].sort();
  if (categories.length) {
    out.push("## Req met (I) % by category", "");
    out.push(
      mdTable(
        ["category", ...report.candidates.map((c) => c.name)],
        categories.map((k) => [
          k,
          ...report.candidates.map((c) => {
            const m = c.metrics.categories.find((x) => x.category === k);
            return m ? `${f2(m.reqMetI)} (${m.requirements})` : "–";
          }),
        ]),
      ),
      "",
    );
  }
  const problems = report.candidates.flatMap((c) =>
    c.tasks.flatMap((t) =>
      t.requirements
        .filter((v) => v.status === "unsatisfied" || v.status === "error")
        .map((v) => ({ c: c.name, t: t.task, v })),
    ),
  );
  if (problems.length) {
    out.push(`## Unsatisfied and errors (${problems.length})`, "");
    const defs = new Map(report.suite.tasks.map((t) => [t.id, t]));
    for (const { c, t, v } of problems.slice(0, maxListed)) {
      const criteria = defs.get(t)?.requirements.find((r) => String(r.id) === String(v.id))?.criteria ?? "";
      out.push(`- ${SYMBOL[v.status]} **${c}** · \`${t}\` #${v.id} ${esc(criteria)}  \n  ${esc(v.reason)}`);
      const run = v.evidence.filter((e): e is CommandEvidence => e.kind === "command" && failed(e, v.reason)).at(-1);
      if (run) out.push(commandBlock(run));
    }
    if (problems.length > maxListed) out.push(`- … and ${problems.length - maxListed} more in report.json`);
    out.push("");
  }
  out.push(...agentRunsMarkdown(report));
  return `${out.join("\n")}\n`;
}

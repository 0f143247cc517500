import type { Report, TraceSummary } from "../types.js";

/** Each candidate × task whose transcript was read: the agent's own steps, tokens, cost, wall time and final status. */
function agentRuns(report: Report): { candidate: string; task: string; t: TraceSummary }[] {
  return report.candidates.flatMap((c) =>
    c.tasks.filter((t) => t.trace).map((t) => ({ candidate: c.name, task: t.task, t: t.trace! })),
  );
}

const HEAD = [
  "candidate",
  "task",
  "agent",
  "model",
  "status",
  "steps",
  "tool calls",
  "tokens in/out",
  "cost $",
  "wall",
];

function cells(r: ReturnType<typeof agentRuns>[number]): string[] {
  const t = r.t;
  return [
    r.candidate,
    r.task,
    t.agent ?? t.format,
    t.model ?? "–",
    t.status ?? "–",
    String(t.steps),
    t.toolCalls === undefined ? "–" : String(t.toolCalls),
    `${t.inputTokens}/${t.outputTokens}`,
    t.costKnown === false ? "–" : t.cost.toFixed(4),
    `${t.durationS.toFixed(1)} s`,
  ];
}

/** A Markdown section (empty when no candidate left a transcript). */
export function agentRunsMarkdown(report: Report): string[] {
  const rows = agentRuns(report);
  if (!rows.length) return [];
  const line = (xs: string[]) => `| ${xs.map((x) => x.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [
    "## The agents' own runs (from their transcripts)",
    "",
    line(HEAD),
    `| ${HEAD.map((_, i) => (i < 5 ? ":--" : "--:")).join(" | ")} |`,
    ...rows.map((r) => line(cells(r))),
    "",
    "cost – : the transcript records none.",
    "",
  ];
}

/** The same as an HTML table. */
export function agentRunsHtml(report: Report, esc: (s: string) => string): string {
  const rows = agentRuns(report);
  if (!rows.length) return "";
  const head = HEAD.map((h) => `<th>${esc(h)}</th>`).join("");
  return `<h2>The agents' own runs</h2><table class="summary agent-runs"><tr>${head}</tr>${rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c, i) => `<td${i >= 5 ? ' class="num"' : ""}>${esc(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("")}</table>`;
}

import type { Trace, TraceStep } from "./types.js";

const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

const argsText = (a: unknown) => oneLine(typeof a === "string" ? a : (JSON.stringify(a) ?? ""), 100);

function stepLines(s: TraceStep): string[] {
  const head = [
    `#${s.index}`,
    s.agentName ? `[${s.agentName}]` : "",
    s.usage ? `(${s.usage.inputTokens} in / ${s.usage.outputTokens} out)` : "",
    s.startedAt ?? "",
  ]
    .filter(Boolean)
    .join(" ");
  const out = [head];
  if (s.userMessage) out.push(`  user: ${oneLine(s.userMessage, 120)}`);
  if (s.thought) out.push(`  thought: ${oneLine(s.thought, 160)}`);
  for (const c of s.toolCalls) {
    out.push(`  → ${c.name} ${argsText(c.args)}`);
    for (const o of s.observations.filter((o) => o.toolCallId === c.id))
      out.push(
        `    ← ${o.isError ? "error " : ""}${o.exitCode !== undefined ? `exit ${o.exitCode} ` : ""}` +
          `${oneLine(o.text, 120)}`,
      );
  }
  const ids = new Set(s.toolCalls.map((c) => c.id));
  for (const o of s.observations.filter((o) => o.toolCallId === undefined || !ids.has(o.toolCallId)))
    out.push(`  ← ${o.isError ? "error " : ""}${oneLine(o.text, 120)}`);
  for (const e of s.edits ?? []) out.push(`  edit ${e.kind ?? ""} ${e.path}`.replace("  edit  ", "  edit "));
  for (const e of s.errors ?? []) out.push(`  ! ${oneLine(e, 160)}`);
  return out;
}

/** A trace as `devjudge trace` prints it: a header, a few lines per step, the final status and totals. */
export function formatTrace(t: Trace): string {
  const tt = t.totals;
  return [
    `format: ${t.format}   agent: ${t.agent ?? "?"}   model: ${t.model ?? "?"}`,
    `source: ${t.source}`,
    ...(t.task ? [`task: ${oneLine(t.task, 200)}`] : []),
    "",
    ...t.steps.flatMap((s) => [
      ...stepLines(s),
      ...(t.elided && s.index === t.elided.afterIndex
        ? [
            `… ${t.elided.steps} steps not kept ` +
              `(a long trace keeps its first and last steps; the totals count them all) …`,
          ]
        : []),
    ]),
    "",
    `final: ${t.final.status}${t.final.error ? ` (${oneLine(t.final.error, 160)})` : ""}` +
      `${t.final.answer ? ` — ${oneLine(t.final.answer, 160)}` : ""}`,
    `totals: ${tt.steps} steps, ${tt.toolCalls} tool calls, ` +
      `${tt.inputTokens} input / ${tt.outputTokens} output tokens (${tt.cachedTokens} cached), ` +
      `cost ${tt.costKnown ? `$${tt.cost.toFixed(4)}` : "not recorded"}, ${tt.durationS.toFixed(1)} s`,
  ].join("\n");
}

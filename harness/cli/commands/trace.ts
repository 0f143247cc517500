import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { InputError } from "../../core/diagnostics.js";
import { readTrace, TRACE_FORMATS } from "../../trace/read-trace.js";
import type { Trace, TraceStep } from "../../trace/types.js";
import { EXIT } from "../exit-codes.js";

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

export function registerTrace(program: Command) {
  program
    .command("trace")
    .description("print an agent's transcript as devjudge reads it (format detected from the content)")
    .argument(
      "<path>",
      "a transcript file or folder; file#id picks one run of an OpenHands output.jsonl or an Inspect log",
    )
    .option("--format <name>", `force a format (${TRACE_FORMATS().join(", ")})`)
    .option("--json", "print the normalised Trace as JSON")
    .action(async (path: string, flags: { format?: string; json?: boolean }) => {
      try {
        // `file#run` names one run of a file that holds several (OpenHands output.jsonl, Inspect logs)
        const onDisk = path.lastIndexOf("#") > 0 ? path.slice(0, path.lastIndexOf("#")) : path;
        if (!(await stat(path).catch(() => undefined)) && !(await stat(onDisk).catch(() => undefined)))
          throw new InputError([], `${path}: no such file or folder`);
        if (flags.format && !TRACE_FORMATS().includes(flags.format))
          throw new InputError([], `--format: unknown format '${flags.format}' (known: ${TRACE_FORMATS().join(", ")})`);
        const trace = await readTrace(path, flags.format);
        console.log(flags.json ? JSON.stringify(trace, null, 2) : formatTrace(trace));
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError) && !(e instanceof Error && "code" in e)) throw e;
        console.error(`error: ${(e as Error).message.split("\n")[0]}`);
        process.exitCode = EXIT.usage;
      }
    });
}

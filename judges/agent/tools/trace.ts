import MiniSearch from "minisearch";
import type { Trace, TraceStep } from "../../../harness/trace/types.js";
import { middleTruncate } from "./read.js";
import { TEXT_SEARCH } from "./search.js";

/** A step as the judge reads it: the thought, each tool call with its result, edits and errors (any trace format). */
export function stepBody(s: TraceStep): string[] {
  const args = (a: unknown) => (typeof a === "string" ? a : JSON.stringify(a));
  const ids = new Set(s.toolCalls.map((c) => c.id));
  return [
    s.userMessage ? `user: ${s.userMessage}` : "",
    s.agentName ? `agent: ${s.agentName}` : "",
    s.thought ? `thought: ${s.thought}` : "",
    // formats with free-text actions (DevAI, logs) keep them verbatim
    s.action ? `action: ${s.action}` : "",
    ...(s.action
      ? []
      : s.toolCalls.flatMap((c) => [
          `call ${c.name}: ${args(c.args)}`,
          ...s.observations.filter((o) => o.toolCallId === c.id).map(obsLine),
        ])),
    ...(s.observation
      ? [`observation: ${s.observation}`]
      : s.observations.filter((o) => s.action || o.toolCallId === undefined || !ids.has(o.toolCallId)).map(obsLine)),
    ...(s.edits ?? []).map((e) => `edited ${e.path}${e.kind ? ` (${e.kind})` : ""}`),
    ...(s.errors ?? []).map((e) => `error: ${e}`),
  ].filter(Boolean);
}

const obsLine = (o: TraceStep["observations"][number]) =>
  `result${o.isError ? " (error)" : ""}${o.exitCode !== undefined ? ` exit ${o.exitCode}` : ""}: ${o.text}`;

export function stepText(s: TraceStep, max = 1500): string {
  return `[step ${s.index}]\n${middleTruncate(stepBody(s).join("\n"), max)}`;
}

/** Builds once per task: which steps of the trajectory are about a criterion. */
export function traceIndex(trace: Trace) {
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], ...TEXT_SEARCH });
  ms.addAll(trace.steps.map((s, i) => ({ id: i, text: stepBody(s).join("\n") })));
  return {
    relevant(query: string, limit = 4): TraceStep[] {
      const hits = ms
        .search(query)
        .slice(0, limit)
        .map((r) => r.id as number);
      // the last step shows how the run ended: always worth a look
      const last = trace.steps.length - 1;
      if (last >= 0 && !hits.includes(last)) hits.push(last);
      return hits.sort((a, b) => a - b).map((i) => trace.steps[i]!);
    },
  };
}

/** The whole trajectory squeezed for one summarising call: every step, each cut short. */
export function compressTrace(trace: Trace, maxChars = 24_000): string {
  const per = Math.max(200, Math.floor(maxChars / Math.max(1, trace.steps.length)));
  return middleTruncate(trace.steps.map((s) => stepText(s, per)).join("\n\n"), maxChars);
}

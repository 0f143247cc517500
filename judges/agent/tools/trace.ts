import MiniSearch from "minisearch";
import type { Trace, TraceStep } from "../../../harness/trace/types.js";
import { middleTruncate } from "./read.js";
import { TEXT_SEARCH } from "./search.js";

export function stepText(s: TraceStep, max = 1500): string {
  const parts = [
    s.userMessage ? `user: ${s.userMessage}` : "",
    s.thought ? `thought: ${s.thought}` : "",
    s.action ? `action: ${s.action}` : "",
    s.observation ? `observation: ${s.observation}` : "",
  ].filter(Boolean);
  return `[step ${s.index}]\n${middleTruncate(parts.join("\n"), max)}`;
}

/** Builds once per task: which steps of the trajectory are about a criterion. */
export function traceIndex(trace: Trace) {
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], ...TEXT_SEARCH });
  ms.addAll(trace.steps.map((s, i) => ({ id: i, text: [s.thought, s.action, s.observation].filter(Boolean).join("\n") })));
  return {
    relevant(query: string, limit = 4): TraceStep[] {
      const hits = ms.search(query).slice(0, limit).map((r) => r.id as number);
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

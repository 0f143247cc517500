import type { TraceSummary } from "./types.js";
import type { Trace } from "../trace/types.js";

/**
 * What the report keeps of a candidate × task's trace: the agent's own steps, tokens, cost, wall
 * time and final status.
 */
export function traceSummaryOf(t: Trace, source = t.source): TraceSummary {
  const tt = t.totals;
  return {
    source,
    format: t.format,
    steps: tt.steps,
    inputTokens: tt.inputTokens,
    outputTokens: tt.outputTokens,
    cost: tt.cost,
    durationS: tt.durationS,
    ...(t.agent ? { agent: t.agent } : {}),
    ...(t.model ? { model: t.model } : {}),
    status: t.final.status,
    toolCalls: tt.toolCalls,
    cachedTokens: tt.cachedTokens,
    costKnown: tt.costKnown,
  };
}

/** One step of an agent's run, whatever format it was recorded in. */
export interface TraceStep {
  index: number;
  userMessage?: string;
  thought?: string;
  action?: string | null;
  observation?: string | null;
  agentName?: string;
  usage?: { inputTokens: number; outputTokens: number; cost: number; model?: string };
  /** Seconds the step took, where the format says. */
  durationS?: number;
}

export interface Trace {
  format: string;
  /** The file it was read from. */
  source: string;
  steps: TraceStep[];
  totals: { inputTokens: number; outputTokens: number; cost: number; durationS: number };
}

export function traceTotals(steps: TraceStep[]): Trace["totals"] {
  const t = { inputTokens: 0, outputTokens: 0, cost: 0, durationS: 0 };
  for (const s of steps) {
    t.inputTokens += s.usage?.inputTokens ?? 0;
    t.outputTokens += s.usage?.outputTokens ?? 0;
    t.cost += s.usage?.cost ?? 0;
    t.durationS += s.durationS ?? 0;
  }
  return t;
}

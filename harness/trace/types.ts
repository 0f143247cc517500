/** A tool call the model asked for in one response. `args` is the tool's input as recorded (an object, or a string). */
export interface ToolCall {
  id: string;
  name: string;
  args: unknown;
}

/** What came back for a tool call, joined to it by `toolCallId` where the format records one. */
export interface Observation {
  toolCallId?: string;
  text: string;
  exitCode?: number;
  isError?: boolean;
}

/** A file the agent changed in this step; `diff` where the format has one. */
export interface FileEdit {
  path: string;
  kind?: "create" | "update" | "delete";
  diff?: string;
}

export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
  /**
   * Input tokens served from the provider's prompt cache (a part of inputTokens or on top, as the
   * format counts them).
   */
  cachedTokens?: number;
  /** USD, where the format records it. */
  cost?: number;
  model?: string;
}

/**
 * One step of an agent's run, whatever format it was recorded in: one model response, its tool
 * calls and their results.
 */
export interface TraceStep {
  index: number;
  userMessage?: string;
  /** The model's reasoning and reply text. */
  thought?: string;
  toolCalls: ToolCall[];
  observations: Observation[];
  edits?: FileEdit[];
  errors?: string[];
  /** A free-text action, for formats that record no structured calls (DevAI, logs). */
  action?: string | null;
  /** A free-text observation, for formats that record no per-call results. */
  observation?: string | null;
  /** The sub-agent that made this step, when not the main agent (a Claude Code Task sub-agent, a DevAI agent name). */
  agentName?: string;
  usage?: StepUsage;
  /** ISO timestamps, where the format records them. */
  startedAt?: string;
  endedAt?: string;
  /** Seconds the step took, where the format says. */
  durationS?: number;
}

/** How the run ended: finished on its own, stopped by a limit (turns, cost, time, context), or crashed/errored. */
export type FinalStatus = "finished" | "limit" | "crashed" | "unknown";

export interface TraceTotals {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** USD; 0 with `costKnown: false` when the format records no cost. */
  cost: number;
  costKnown: boolean;
  /** Wall time from the first to the last timestamp, else the sum of the steps' durations. */
  durationS: number;
  steps: number;
  toolCalls: number;
}

export interface Trace {
  format: string;
  /** The file (or folder) it was read from. */
  source: string;
  /** The agent that wrote it (claude-code, codex, openhands, …), where known. */
  agent?: string;
  model?: string;
  /** The task as the agent got it (the first user message). */
  task?: string;
  steps: TraceStep[];
  /**
   * Set when a very long trace kept only its first and last steps: how many were dropped after step
   * `afterIndex` (the totals still count them).
   */
  elided?: { steps: number; afterIndex: number };
  final: { status: FinalStatus; answer?: string; patch?: string; error?: string };
  totals: TraceTotals;
}

/** Totals from the steps; a format's own totals (a `result` event, `model_stats`) override them through `given`. */
export function traceTotals(steps: TraceStep[], given: Partial<TraceTotals> = {}): TraceTotals {
  const t: TraceTotals = {
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    cost: 0,
    costKnown: false,
    durationS: 0,
    steps: steps.length,
    toolCalls: 0,
  };
  let first: number | undefined;
  let last: number | undefined;
  for (const s of steps) {
    t.inputTokens += s.usage?.inputTokens ?? 0;
    t.outputTokens += s.usage?.outputTokens ?? 0;
    t.cachedTokens += s.usage?.cachedTokens ?? 0;
    if (s.usage?.cost !== undefined) {
      t.cost += s.usage.cost;
      t.costKnown = true;
    }
    t.durationS += s.durationS ?? 0;
    t.toolCalls += s.toolCalls.length;
    for (const at of [s.startedAt, s.endedAt]) {
      const ms = at ? Date.parse(at) : NaN;
      if (Number.isNaN(ms)) continue;
      first = Math.min(first ?? ms, ms);
      last = Math.max(last ?? ms, ms);
    }
  }
  if (first !== undefined && last !== undefined && last > first) t.durationS = (last - first) / 1000;
  t.cost = Math.round(t.cost * 1e8) / 1e8;
  return { ...t, ...given };
}

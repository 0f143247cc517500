/**
 * The values every layer shares — what a judge says about a requirement, what a model call used,
 * how verdicts add up — at the bottom of the tree: this module imports nothing of devjudge's.
 */

/** What a judge can say; the runner adds `skipped` (a prerequisite came out unsatisfied, in dependent mode). */
export const VERDICT_STATUSES = ["satisfied", "unsatisfied", "undecided", "error", "skipped"] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** Where a judge saw what it based a verdict on. */
export type Evidence =
  | { kind: "file"; path: string; startLine?: number; endLine?: number; excerpt?: string }
  | { kind: "trace"; step: number; excerpt?: string }
  | { kind: "command"; command: string; exitCode: number | null; timedOut: boolean; output?: string }
  | { kind: "note"; text: string };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Calls that reached the model. */
  calls: number;
  cost: number;
  /** Calls answered from the response cache (no tokens, no cost). */
  cachedCalls?: number;
  /** Of inputTokens, those the provider read from its prompt (prefix) cache, billed at the cached-input price. */
  cachedInputTokens?: number;
  /** Of outputTokens, those a reasoning model spent thinking (billed as output). */
  reasoningTokens?: number;
  /** Calls whose model has no known price: `cost` leaves them out, and is shown as unknown. */
  unpricedCalls?: number;
}

export interface Verdict {
  status: VerdictStatus;
  reason: string;
  evidence: Evidence[];
  /** Share of votes behind the status, 0..1; deterministic judges say 1. */
  confidence: number;
  votes?: VerdictStatus[];
  usage?: Usage;
  durationMs: number;
  judge: string;
}

export type Counts = Record<VerdictStatus, number> & { total: number };

export const emptyCounts = (): Counts => ({
  satisfied: 0,
  unsatisfied: 0,
  undecided: 0,
  error: 0,
  skipped: 0,
  total: 0,
});

export function addToCounts(c: Counts, status: VerdictStatus, by = 1) {
  c[status] += by;
  c.total += by;
}

export function sumCounts(all: Counts[]): Counts {
  const out = emptyCounts();
  for (const c of all) for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += c[k];
  return out;
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  calls: 0,
  cost: 0,
  cachedCalls: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

/** Adds usages up (cost rounded to 1e-8 USD so sums do not drift). */
export function sumUsage(all: (Usage | undefined)[]): Usage {
  const u = emptyUsage();
  for (const x of all) {
    if (!x) continue;
    u.inputTokens += x.inputTokens;
    u.outputTokens += x.outputTokens;
    u.calls += x.calls;
    u.cost += x.cost;
    u.cachedCalls! += x.cachedCalls ?? 0;
    u.cachedInputTokens! += x.cachedInputTokens ?? 0;
    u.reasoningTokens! += x.reasoningTokens ?? 0;
    if (x.unpricedCalls) u.unpricedCalls = (u.unpricedCalls ?? 0) + x.unpricedCalls;
  }
  u.cost = Math.round(u.cost * 1e8) / 1e8;
  return u;
}

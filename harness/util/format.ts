import type { Usage } from "../core/verdict.js";

/** For documents (summary.md, the HTML page): "850 ms", "12.3 s", "4.5 min". */
export const formatDuration = (ms: number) =>
  ms < 1000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;

/** For terminal lines, compact: "12.3s". */
export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** An elapsed time or ETA on a clock: "42s", "3m07s", "1h05m". */
export function formatClock(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** A size in MB, one decimal below 10 MB: "3.2 MB", "256 MB". */
export const formatMegabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** A count in a narrow column: "9999", "12.3k". */
export const formatCount = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n));

/** Two decimals: metrics and rates. */
export const f2 = (n: number) => n.toFixed(2);

/** Shown where a cost is not known (a model without a price): never "$0.0000". */
export const UNKNOWN_COST = "–";

/** A cost for the tables, without the currency sign: "–" when any call's price is unknown. */
export function formatCost(u: Pick<Usage, "cost" | "unpricedCalls"> | undefined, digits = 4): string {
  if (!u) return UNKNOWN_COST;
  return u.unpricedCalls ? UNKNOWN_COST : u.cost.toFixed(digits);
}

/** The same with the dollar sign: "$0.0123" or "–". */
export function formatUsd(u: Pick<Usage, "cost" | "unpricedCalls"> | undefined, digits = 4): string {
  const s = formatCost(u, digits);
  return s === UNKNOWN_COST ? s : `$${s}`;
}

/** "12,345 in (8,000 cached) / 678 out (100 reasoning)": the cached and reasoning parts only when there are any. */
export function formatTokens(
  u: Pick<Usage, "inputTokens" | "outputTokens" | "cachedInputTokens" | "reasoningTokens">,
): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const cached = u.cachedInputTokens ? ` (${n(u.cachedInputTokens)} cached)` : "";
  const reasoning = u.reasoningTokens ? ` (${n(u.reasoningTokens)} reasoning)` : "";
  return `${n(u.inputTokens)} in${cached} / ${n(u.outputTokens)} out${reasoning}`;
}

import type { Usage } from "../../judges/types.js";

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

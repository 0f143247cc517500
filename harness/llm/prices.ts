/** USD per million tokens. `cachedInput` is what a prompt token read from the provider's prefix cache costs. */
export interface Price {
  input: number;
  cachedInput?: number;
  output: number;
}

/** When the built-in list prices were taken from the providers' pricing pages. */
export const PRICES_TAKEN = "2025-08-15";

/**
 * List prices of common judge models (standard tier, not batch). A model not here and not in
 * `judge.prices` has no known price: its cost is shown as unknown, never as $0.
 */
export const BUILT_IN_PRICES: Readonly<Record<string, Price>> = {
  // OpenAI
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o3-mini": { input: 1.1, cachedInput: 0.55, output: 4.4 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  // OpenAI-compatible hosts
  "deepseek-chat": { input: 0.27, cachedInput: 0.07, output: 1.1 },
  "deepseek-reasoner": { input: 0.55, cachedInput: 0.14, output: 2.19 },
  "mistral-large-latest": { input: 2, output: 6 },
  "mistral-small-latest": { input: 0.1, output: 0.3 },
};

/**
 * The price of a model. `judge.prices` first: the exact name, else the longest name there the model
 * starts with. Then the built-in table: the exact name, or a dated snapshot of one
 * (gpt-4o-2024-08-06 is priced as gpt-4o), also behind a router's prefix (openai/gpt-4o); nothing
 * looser, since o1-mini is not priced like o1.
 */
export function priceOf(model: string, overrides: Record<string, Price> = {}): Price | undefined {
  if (overrides[model]) return overrides[model];
  const prefix = Object.keys(overrides)
    .filter((k) => model.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix) return overrides[prefix];
  const bare = model.slice(model.lastIndexOf("/") + 1);
  return BUILT_IN_PRICES[bare] ?? BUILT_IN_PRICES[bare.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
}

/**
 * Cost of one call; cached prompt tokens are part of `inputTokens`, billed at the cached price
 * (the input price when none is known).
 */
export function callCost(price: Price, inputTokens: number, cachedInputTokens: number, outputTokens: number): number {
  const cached = Math.min(cachedInputTokens, inputTokens);
  return (
    ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + outputTokens * price.output) /
    1e6
  );
}

import { describe, expect, it } from "vitest";
import { BUILT_IN_PRICES, callCost, priceOf, PRICES_TAKEN } from "../../../harness/llm/prices.js";
import { formatCost, formatTokens, formatUsd } from "../../../harness/util/format.js";

describe("prices", () => {
  it("knows the common judge models, with a cached-input price below the input price, and says when it was taken", () => {
    for (const model of ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini", "deepseek-chat"]) {
      const p = priceOf(model)!;
      expect(p.input).toBeGreaterThan(0);
      expect(p.cachedInput!).toBeLessThan(p.input);
    }
    expect(PRICES_TAKEN).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(BUILT_IN_PRICES).length).toBeGreaterThan(10);
  });

  it("prices dated snapshots and router names as their model, and nothing looser", () => {
    expect(priceOf("gpt-4o-2024-08-06")).toBe(BUILT_IN_PRICES["gpt-4o"]);
    expect(priceOf("gpt-4o-mini-2024-07-18")).toBe(BUILT_IN_PRICES["gpt-4o-mini"]);
    expect(priceOf("openai/gpt-4.1")).toBe(BUILT_IN_PRICES["gpt-4.1"]);
    expect(priceOf("o1-mini")).toBeUndefined();
    expect(priceOf("llama3.1:8b")).toBeUndefined();
  });

  it("judge.prices overrides and adds, by exact name or the longest prefix", () => {
    const overrides = {
      "gpt-4o": { input: 1, output: 2 },
      "my-": { input: 3, output: 4 },
      "my-big": { input: 5, output: 6 },
    };
    expect(priceOf("gpt-4o", overrides)).toEqual({ input: 1, output: 2 });
    expect(priceOf("my-big-model", overrides)).toEqual({ input: 5, output: 6 });
    expect(priceOf("my-small", overrides)).toEqual({ input: 3, output: 4 });
  });

  it("bills cached prompt tokens at the cached price, and at the input price when none is known", () => {
    // gpt-4o: 1,000 fresh at $2.50, 3,000 cached at $1.25, 200 out at $10 per million
    expect(callCost(BUILT_IN_PRICES["gpt-4o"]!, 4000, 3000, 200)).toBeCloseTo(
      (1000 * 2.5 + 3000 * 1.25 + 200 * 10) / 1e6,
      12,
    );
    expect(callCost({ input: 1, output: 2 }, 4000, 3000, 0)).toBeCloseTo(4000 / 1e6, 12);
  });

  it("an unknown price is shown as –, never $0.0000", () => {
    expect(formatCost({ cost: 0, unpricedCalls: 3 })).toBe("–");
    expect(formatUsd({ cost: 0.5, unpricedCalls: 1 })).toBe("–");
    expect(formatUsd({ cost: 0.01234 })).toBe("$0.0123");
    expect(formatTokens({ inputTokens: 5000, outputTokens: 100, cachedInputTokens: 4096, reasoningTokens: 0 })).toBe(
      "5,000 in (4,096 cached) / 100 out",
    );
  });
});

import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import pLimit, { type LimitFunction } from "p-limit";
import type { Usage } from "../core/verdict.js";
import type { ResponseCache } from "../cache/response-cache.js";
import type { JudgeConfig } from "../config/types.js";
import type { ChatModel } from "./chat-model.js";
import type { Endpoint } from "./endpoint.js";
import { estimateTokens, type ChatResult, type Msg, type ToolSpec } from "./messages.js";

export type { ChatResult };
import { callCost, priceOf, type Price } from "./prices.js";
import { BATCH_PRICE_FACTOR, type BatchQueue } from "./batch.js";
import { RateLimiter } from "./rate-limiter.js";
import { withRetries, type RetryPolicy } from "./retry.js";

export interface ChatRequest {
  messages: Msg[];
  tools?: ToolSpec[];
  /** Structured output: the reply is JSON fitting this schema (OpenAI json_schema, strict). */
  schema?: { name: string; schema: Record<string, unknown> };
  /** Distinguishes the k samples of a vote, which must not share a cache entry. */
  sample?: number;
}

/** Sums the calls behind one verdict. */
export class UsageMeter implements Usage {
  inputTokens = 0;
  outputTokens = 0;
  calls = 0;
  cost = 0;
  cachedCalls = 0;
  cachedInputTokens = 0;
  reasoningTokens = 0;
  unpricedCalls = 0;

  /** `cost` undefined: the model's price is not known. */
  add(r: ChatResult, cost: number | undefined) {
    if (r.cached) {
      this.cachedCalls++;
      return;
    }
    this.calls++;
    this.inputTokens += r.inputTokens;
    this.outputTokens += r.outputTokens;
    this.cachedInputTokens += r.cachedInputTokens ?? 0;
    this.reasoningTokens += r.reasoningTokens ?? 0;
    if (cost === undefined) this.unpricedCalls++;
    else this.cost += cost;
  }

  toJSON(): Usage {
    return {
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      calls: this.calls,
      cost: Math.round(this.cost * 1e8) / 1e8,
      cachedCalls: this.cachedCalls,
      cachedInputTokens: this.cachedInputTokens,
      reasoningTokens: this.reasoningTokens,
      ...(this.unpricedCalls ? { unpricedCalls: this.unpricedCalls } : {}),
    };
  }
}

export interface CallContext {
  signal?: AbortSignal;
  meter: UsageMeter;
  /** Told of every call as it completes (the run's `usage` events). */
  onUsage?: (r: ChatResult, cost: number | undefined) => void;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Every model call of devjudge: ChatOpenAI against any OpenAI-compatible base URL, behind the
 * response cache, the endpoint's rate limiter and devjudge's own retry policy (LangChain's
 * retries are off, so 429s without Retry-After and 4xx follow one rule).
 */
export interface Budget {
  limitUsd: number;
  spentUsd: number;
  /** Set aside for the calls in flight. */
  reservedUsd: number;
  /** Told once a call is refused, so the run stops instead of refusing every call after it. */
  onReached?: () => void;
}

export class BudgetReachedError extends Error {
  constructor(b: Budget) {
    super(`the budget of $${b.limitUsd.toFixed(2)} is reached ($${b.spentUsd.toFixed(4)} spent): no more model calls`);
    this.name = "BudgetReachedError";
  }
}

export class LlmClient {
  readonly limiter: RateLimiter;
  private budget?: Budget;
  private batch?: BatchQueue;

  /** At most this many requests in flight to the endpoint (the run's `concurrency.judges`). */
  private readonly inFlight: LimitFunction;
  private chatModel?: Promise<ChatModel>;

  constructor(
    readonly config: JudgeConfig,
    private readonly endpoint: Endpoint,
    readonly retry: RetryPolicy,
    readonly cache?: ResponseCache,
    private readonly maxConcurrent = 8,
  ) {
    // a batch holds every request of a phase at once; the provider's batch queue has limits of its own
    this.inFlight = pLimit(config.batch ? 1_000_000 : maxConcurrent);
    this.limiter = config.batch
      ? new RateLimiter(undefined, undefined)
      : new RateLimiter(config.requestsPerMinute, config.tokensPerMinute);
  }

  /** The judge model's price (`judge.prices`, else the built-in table); undefined when unknown. */
  get price(): Price | undefined {
    return priceOf(this.config.model, this.config.prices);
  }

  /**
   * USD of one call, or undefined when the model's price is not known. A batched call is billed at
   * the batch discount; whether the cached-input discount also applies inside a batch is not
   * something the provider documents clearly, so cached tokens in a batch are counted at the
   * batch input price (the higher of the two readings).
   */
  costOf(inputTokens: number, outputTokens: number, cachedInputTokens = 0, viaBatch = false): number | undefined {
    const price = this.price;
    if (!price) return undefined;
    if (!viaBatch) return callCost(price, inputTokens, cachedInputTokens, outputTokens);
    return callCost(
      { input: price.input * BATCH_PRICE_FACTOR, output: price.output * BATCH_PRICE_FACTOR },
      inputTokens,
      0,
      outputTokens,
    );
  }

  /** Sends every model call through the Batch API from now on (`--batch`). */
  useBatch(queue: BatchQueue): void {
    this.batch = queue;
  }

  /** What the response cache keys a request by. */
  cacheKey(req: ChatRequest) {
    return {
      model: this.config.model,
      temperature: this.config.temperature,
      maxTokens: this.config.maxTokens ?? null,
      messages: req.messages,
      tools: req.tools ?? null,
      schema: req.schema ?? null,
      sample: req.sample ?? 0,
    };
  }

  /**
   * Stop before a call would take the run past `limitUsd` (`--budget`); `spentUsd` starts at what
   * earlier attempts of the run spent.
   */
  setBudget(budget: Budget): void {
    this.budget = budget;
  }

  chat(req: ChatRequest, ctx: CallContext): Promise<ChatResult> {
    return this.chatParsed(req, ctx, (r) => r);
  }

  /**
   * A call whose reply `parse` reads, once per reply (a verdict that must fit its schema): when it
   * throws, the reply is unusable, so the call is retried and the reply never cached.
   */
  async chatParsed<T>(req: ChatRequest, ctx: CallContext, parse: (r: ChatResult) => T): Promise<T> {
    const key = this.cacheKey(req);
    const hit = await this.cache?.get<ChatResult>(key);
    if (hit) {
      const r = { ...hit, cached: true };
      ctx.meter.add(r, 0);
      ctx.onUsage?.(r, 0);
      return parse(r);
    }
    const estimate = estimateTokens(req.messages, this.config.maxTokens ?? 1024);
    const { result, value } = await withRetries(
      async () => {
        let reserved = 0;
        const result = await this.inFlight(async () => {
          reserved = this.reserve(estimate);
          await this.limiter.acquire(estimate);
          return this.invoke(req, ctx.signal).catch(async (e: Error) => {
            if (e.name !== "ReplyCutOffError") throw e;
            // once more with room to finish; cut off again, it is an error (not retried further)
            ctx.onRetry?.({
              attempt: 1,
              delayMs: 0,
              reason: `${e.message}; asking once more with max_tokens ${this.config.maxTokensOnCutOff}`,
            });
            return this.invoke(req, ctx.signal, true);
          });
        }).finally(() => {
          if (this.budget) this.budget.reservedUsd -= reserved;
        });
        // the call queued behind this one goes out before this one's bookkeeping (usage events,
        // the journal, the verdict's checks): the model's time is what a run waits on
        await yieldToEventLoop();
        this.limiter.settle(estimate, result.inputTokens + result.outputTokens);
        const cost = this.costOf(result.inputTokens, result.outputTokens, result.cachedInputTokens, result.viaBatch);
        if (this.budget && cost !== undefined) this.budget.spentUsd += cost;
        ctx.meter.add(result, cost);
        ctx.onUsage?.(result, cost);
        return { result, value: parse(result) };
      },
      this.retry,
      { signal: ctx.signal, onRetry: ctx.onRetry },
    );
    await this.cache?.set(key, result);
    return value;
  }

  /**
   * Sets aside the most a call can cost (its prompt, uncached, and its whole output allowance)
   * before it goes out; throws BudgetReachedError, and tells the run, when that would pass the budget.
   */
  private reserve(estimatedTokens: number): number {
    const b = this.budget;
    if (!b) return 0;
    const worst = this.costOf(estimatedTokens, 0) ?? 0;
    if (b.spentUsd + b.reservedUsd + worst > b.limitUsd) {
      b.onReached?.();
      throw new BudgetReachedError(b);
    }
    b.reservedUsd += worst;
    return worst;
  }

  private async invoke(req: ChatRequest, signal?: AbortSignal, longer = false): Promise<ChatResult> {
    this.chatModel ??= import("./chat-model.js").then(
      ({ ChatModel }) =>
        new ChatModel(this.config, this.endpoint, this.batch ? 8 : this.maxConcurrent, this.batch?.fetch),
    );
    return (await this.chatModel).invoke(req, signal, longer);
  }
}

import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import pLimit, { type LimitFunction } from "p-limit";
import type { Usage } from "../../judges/types.js";
import type { ResponseCache } from "../cache/response-cache.js";
import type { JudgeConfig } from "../config/types.js";
import type { ChatModel } from "./chat-model.js";
import type { Endpoint } from "./endpoint.js";
import { estimateTokens, type Msg, type ToolCall, type ToolSpec } from "./messages.js";
import { callCost, priceOf, type Price } from "./prices.js";
import { RateLimiter } from "./rate-limiter.js";
import { withRetries, type RetryPolicy } from "./retry.js";

export interface ChatRequest {
  messages: Msg[];
  tools?: ToolSpec[];
  /** Structured output: the reply is JSON fitting this schema (OpenAI json_schema, strict). */
  schema?: { name: string; schema: Record<string, unknown> };
  /** Distinguishes the k samples of a vote, which must not share a cache entry. */
  sample?: number;
  /** Throws when a reply is unusable (e.g. a verdict that does not fit its schema): the call is retried and never cached. */
  validate?: (r: ChatResult) => void;
}

export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  /** The parsed JSON, for structured output. */
  json?: unknown;
  inputTokens: number;
  outputTokens: number;
  /** Of inputTokens, those read from the provider's prefix cache (absent in old cache entries). */
  cachedInputTokens?: number;
  reasoningTokens?: number;
  /** Answered from devjudge's own response cache (no call made). */
  cached: boolean;
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
export class LlmClient {
  readonly limiter: RateLimiter;
  /** Real calls made (cache misses that reached the server). */
  calls = 0;

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
    this.inFlight = pLimit(maxConcurrent);
    this.limiter = new RateLimiter(config.requestsPerMinute, config.tokensPerMinute);
  }

  /** The judge model's price (`judge.prices`, else the built-in table); undefined when unknown. */
  get price(): Price | undefined {
    return priceOf(this.config.model, this.config.prices);
  }

  /** USD of one call, or undefined when the model's price is not known. */
  costOf(inputTokens: number, outputTokens: number, cachedInputTokens = 0): number | undefined {
    const price = this.price;
    return price ? callCost(price, inputTokens, cachedInputTokens, outputTokens) : undefined;
  }

  async chat(req: ChatRequest, ctx: CallContext): Promise<ChatResult> {
    const key = {
      model: this.config.model,
      temperature: this.config.temperature,
      maxTokens: this.config.maxTokens ?? null,
      messages: req.messages,
      tools: req.tools ?? null,
      schema: req.schema ?? null,
      sample: req.sample ?? 0,
    };
    const hit = await this.cache?.get<ChatResult>(key);
    if (hit) {
      const r = { ...hit, cached: true };
      ctx.meter.add(r, 0);
      ctx.onUsage?.(r, 0);
      return r;
    }
    const estimate = estimateTokens(req.messages, this.config.maxTokens ?? 1024);
    const r = await withRetries(
      async () => {
        const result = await this.inFlight(async () => {
          await this.limiter.acquire(estimate);
          this.calls++;
          return this.invoke(req, ctx.signal);
        });
        // the call queued behind this one goes out before this one's bookkeeping (usage events,
        // the journal, the verdict's checks): the model's time is what a run waits on
        await yieldToEventLoop();
        this.limiter.settle(estimate, result.inputTokens + result.outputTokens);
        const cost = this.costOf(result.inputTokens, result.outputTokens, result.cachedInputTokens);
        ctx.meter.add(result, cost);
        ctx.onUsage?.(result, cost);
        req.validate?.(result);
        return result;
      },
      this.retry,
      { signal: ctx.signal, onRetry: ctx.onRetry },
    );
    await this.cache?.set(key, r);
    return r;
  }

  private async invoke(req: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    this.chatModel ??= import("./chat-model.js").then(({ ChatModel }) => new ChatModel(this.config, this.endpoint, this.maxConcurrent));
    const model = await this.chatModel;
    return { ...(await model.invoke(req, signal)), cached: false };
  }
}

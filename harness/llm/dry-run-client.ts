import { createHash } from "node:crypto";
import type { JudgeConfig } from "../config/types.js";
import type { ResponseCache } from "../cache/response-cache.js";
import { LlmClient, type CallContext, type ChatRequest, type ChatResult } from "./client.js";
import type { Msg } from "./messages.js";

/** Output tokens assumed per call, by kind (a verdict's JSON, a trace summary's bullets, a tool round). */
export const ASSUMED_OUTPUT_TOKENS = { verdict: 100, summary: 300, tool: 60 } as const;
/**
 * Stands in for the trace summary in the verdict prompts: the length a model writes when asked for
 * at most 15 bullets, about one a step of a short trace.
 */
function summaryPlaceholder(prompt: string): string {
  const steps = prompt.match(/\[step \d+\]/g)?.length ?? 15;
  return Array.from(
    { length: Math.min(15, steps + 1) },
    (_, i) => `- Step ${i}: what the agent did, the files it touched and whether it worked.`,
  ).join("\n");
}
const CHARS_PER_TOKEN = 4;
/** Providers cache prompt prefixes in blocks of this many tokens, from the minimum on (OpenAI's figures). */
const CACHE_BLOCK = 128;
const CACHE_MIN = 1024;

export interface Tally {
  calls: number;
  /** Answered by devjudge's own response cache: no call. */
  cachedCalls: number;
  inputTokens: number;
  /**
   * Of inputTokens, those in a prefix an earlier call of the run already sent (what a provider's
   * prefix cache would serve).
   */
  repeatedPrefixTokens: number;
  outputTokens: number;
  byKind: Record<keyof typeof ASSUMED_OUTPUT_TOKENS, number>;
  /** Prompt tokens of the tool rounds (agentic), which a loop may repeat. */
  toolInputTokens: number;
}

export const emptyTally = (): Tally => ({
  calls: 0,
  cachedCalls: 0,
  inputTokens: 0,
  repeatedPrefixTokens: 0,
  outputTokens: 0,
  byKind: { verdict: 0, summary: 0, tool: 0 },
  toolInputTokens: 0,
});

function textOf(m: Msg): string {
  return typeof m.content === "string" ? m.content : m.content.map((p) => (p.type === "text" ? p.text : "")).join("\n");
}

/**
 * An LLM client that makes no model call: it counts the calls the judges ask for and the tokens
 * of their prompts (4 characters a token), answers each with a placeholder (an undecided verdict,
 * a summary of typical length, no tool call), and counts the prompt prefixes that repeat. The
 * judges build exactly the prompts a run would, so `devjudge run --estimate` is their sum.
 */
export class DryRunClient extends LlmClient {
  tally = emptyTally();
  /** Chained hashes of every block-aligned prompt prefix built so far. */
  private readonly seen = new Set<string>();

  constructor(config: JudgeConfig, cache?: ResponseCache) {
    super(config, { apiKey: "" }, { max: 0, baseDelayMs: 0, maxDelayMs: 0 }, cache, 1);
  }

  /**
   * Tokens at the start of this prompt that an earlier prompt of the run began with, in whole
   * cache blocks (a provider's prefix cache).
   */
  private seenPrefixTokens(text: string): number {
    const blockChars = CACHE_BLOCK * CHARS_PER_TOKEN;
    let hash = "";
    let matched = 0;
    let matching = true;
    for (let i = 0; i + blockChars <= text.length; i += blockChars) {
      hash = createHash("sha1")
        .update(hash)
        .update(text.slice(i, i + blockChars))
        .digest("hex");
      if (matching && this.seen.has(hash)) matched++;
      else matching = false;
      this.seen.add(hash);
    }
    return matched * CACHE_BLOCK;
  }

  override async chatParsed<T>(req: ChatRequest, _ctx: CallContext, parse: (r: ChatResult) => T): Promise<T> {
    const kind = req.schema ? "verdict" : req.tools?.length ? "tool" : "summary";
    const placeholder: ChatResult = {
      content: kind === "summary" ? summaryPlaceholder(req.messages.map(textOf).join("\n")) : "",
      toolCalls: [],
      json: { status: "undecided", reason: "estimate", evidence: [] },
      inputTokens: 0,
      outputTokens: 0,
      cached: false,
    };
    if (await this.cache?.get(this.cacheKey(req))) {
      this.tally.cachedCalls++;
      return parse({ ...placeholder, cached: true });
    }
    const inputTokens = Math.ceil(req.messages.reduce((n, m) => n + textOf(m).length, 0) / CHARS_PER_TOKEN);
    const sameTokens = this.seenPrefixTokens(
      JSON.stringify([req.tools ?? null, req.schema ?? null]) +
        req.messages.map((m) => `${m.role}\n${textOf(m)}`).join("\n"),
    );
    const t = this.tally;
    t.calls++;
    t.byKind[kind]++;
    t.inputTokens += inputTokens;
    if (kind === "tool") t.toolInputTokens += inputTokens;
    t.repeatedPrefixTokens += sameTokens >= CACHE_MIN ? Math.min(sameTokens, inputTokens) : 0;
    t.outputTokens += ASSUMED_OUTPUT_TOKENS[kind];
    return parse({ ...placeholder, inputTokens, outputTokens: ASSUMED_OUTPUT_TOKENS[kind] });
  }
}

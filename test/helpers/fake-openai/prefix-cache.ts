/**
 * OpenAI-style automatic prefix caching for the fake server. OpenAI caches the longest prefix of a
 * prompt it has seen before, in blocks of 128 tokens, once the prompt is at least 1,024 tokens long;
 * the response reports it as `usage.prompt_tokens_details.cached_tokens`. Tokens here are the fake's
 * own (4 characters a token), over the request in the order the provider reads it: tools, the
 * response schema, then the messages.
 */
import { createHash } from "node:crypto";
import { messageText } from "./match.js";
import type { ChatRequestBody } from "./types.js";

const CHARS_PER_TOKEN = 4;
export const CACHE_BLOCK_TOKENS = 128;
export const CACHE_MIN_TOKENS = 1024;
const BLOCK_CHARS = CACHE_BLOCK_TOKENS * CHARS_PER_TOKEN;

/** The request as one string, most stable part first, as the provider sees its prefix. */
export function prefixText(body: ChatRequestBody): string {
  const head = JSON.stringify({
    model: body.model,
    tools: body.tools ?? null,
    response_format: body.response_format ?? null,
  });
  const msgs = (body.messages ?? []).map(
    (m) => `<|${m.role}|>${messageText(m)}${m.tool_calls ? JSON.stringify(m.tool_calls) : ""}`,
  );
  return [head, ...msgs].join("\n");
}

export class PrefixCache {
  /** Hashes of every block-aligned prefix seen (chained: each covers all blocks before it). */
  private readonly seen = new Set<string>();

  clear(): void {
    this.seen.clear();
  }

  /** Cached prompt tokens for this request (0 below the minimum), then remembers its prefixes. */
  lookup(body: ChatRequestBody, promptTokens: number): number {
    const text = prefixText(body);
    const blocks = Math.floor(text.length / BLOCK_CHARS);
    let hash = "";
    let matched = 0;
    let stillMatching = true;
    for (let i = 0; i < blocks; i++) {
      hash = createHash("sha1")
        .update(hash)
        .update(text.slice(i * BLOCK_CHARS, (i + 1) * BLOCK_CHARS))
        .digest("hex");
      if (stillMatching && this.seen.has(hash)) matched = i + 1;
      else stillMatching = false;
      this.seen.add(hash);
    }
    if (promptTokens < CACHE_MIN_TOKENS) return 0;
    const cached = matched * CACHE_BLOCK_TOKENS;
    return cached < CACHE_MIN_TOKENS
      ? 0
      : Math.min(cached, Math.floor(promptTokens / CACHE_BLOCK_TOKENS) * CACHE_BLOCK_TOKENS);
  }
}

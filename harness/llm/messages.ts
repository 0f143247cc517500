export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** A chat message in devjudge's own terms (plain data: it is hashed for the cache and journaled). */
export type Msg =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; content: string; toolCallId: string; name: string };

/** A model's reply to one chat call, as the client returns it and the response cache stores it. */
export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  /** The parsed JSON, for structured output. */
  json?: unknown;
  inputTokens: number;
  outputTokens: number;
  /**
   * Of inputTokens, those read from the provider's prefix cache
   * (`prompt_tokens_details.cached_tokens`; absent in old cache entries).
   */
  cachedInputTokens?: number;
  /** Output tokens spent reasoning (`completion_tokens_details.reasoning_tokens`). */
  reasoningTokens?: number;
  /** Answered through the Batch API: billed at batch prices. */
  viaBatch?: boolean;
  /** Answered from devjudge's own response cache (no call made). */
  cached: boolean;
}

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

/** Rough token count for rate limiting before the response says the real one (4 characters a token). */
export function estimateTokens(messages: Msg[], maxOutput = 1024): number {
  let chars = 0;
  for (const m of messages) {
    if (typeof m.content === "string") chars += m.content.length;
    else for (const p of m.content) chars += p.type === "text" ? p.text.length : 1000;
  }
  return Math.ceil(chars / 4) + maxOutput;
}

/** Builds OpenAI-shaped chat-completion bodies and stream chunks for the fake server. */
import type { ChatRequestBody, FinishReason, Reply, Usage } from "./types.js";
import { forcedToolName, promptChars, responseFormatType } from "./match.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Deterministic id generator (mulberry32). */
export class IdGen {
  private state: number;
  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }
  reset(): void {
    this.state = this.seed >>> 0;
  }
  private nextFloat(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  id(prefix: string, length: number): string {
    let s = prefix;
    for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(this.nextFloat() * ALPHABET.length)];
    return s;
  }
}

/** The reply kinds that produce an assistant message, normalised. */
export interface AssistantTurn {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: FinishReason;
  usage: Required<Pick<Usage, "prompt_tokens" | "completion_tokens" | "total_tokens">> & Usage;
}

export type MessageReply = Extract<Reply, { content: string } | { toolCalls: unknown } | { json: unknown }>;

export function isMessageReply(reply: Reply): reply is MessageReply {
  return !("error" in reply) && !("malformed" in reply) && !("cutStream" in reply) && !("reset" in reply);
}

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Cached prompt tokens for a request with this many prompt tokens (the server's prefix cache). */
export type CachedTokens = (promptTokens: number) => number;

function fillUsage(
  usage: Usage | undefined,
  body: ChatRequestBody,
  completionChars: number,
  cachedTokens: CachedTokens,
): AssistantTurn["usage"] {
  const prompt = usage?.prompt_tokens ?? estimateTokens(promptChars(body));
  const completion = usage?.completion_tokens ?? estimateTokens(completionChars);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.total_tokens ?? prompt + completion,
    prompt_tokens_details: usage?.prompt_tokens_details ?? { cached_tokens: cachedTokens(prompt), audio_tokens: 0 },
    completion_tokens_details: usage?.completion_tokens_details ?? {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function toAssistantTurn(
  reply: MessageReply,
  body: ChatRequestBody,
  ids: IdGen,
  cachedTokens: CachedTokens = () => 0,
): AssistantTurn {
  let content: string | null;
  let toolCalls: AssistantTurn["toolCalls"] = [];
  if ("toolCalls" in reply) {
    content = reply.content === undefined || reply.content === "" ? null : reply.content;
    toolCalls = reply.toolCalls.map((tc) => ({
      id: tc.id ?? ids.id("call_", 24),
      name: tc.name,
      arguments: typeof tc.arguments === "string" ? tc.arguments : JSON.stringify(tc.arguments),
    }));
  } else if ("json" in reply) {
    const text = JSON.stringify(reply.json) ?? "null";
    const forced = forcedToolName(body);
    const fmt = responseFormatType(body);
    if (forced !== undefined && fmt !== "json_schema" && fmt !== "json_object") {
      content = null;
      toolCalls = [{ id: ids.id("call_", 24), name: forced, arguments: text }];
    } else {
      content = text;
    }
  } else {
    content = reply.content;
  }
  const completionChars =
    (content ?? "").length + toolCalls.reduce((n, tc) => n + tc.name.length + tc.arguments.length, 0);
  return {
    content,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
    usage: fillUsage(reply.usage, body, completionChars, cachedTokens),
  };
}

interface Envelope {
  id: string;
  created: number;
  model: string;
}

export function completionBody(env: Envelope, turn: AssistantTurn): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: turn.content, refusal: null, annotations: [] };
  if (turn.toolCalls.length > 0) {
    message.tool_calls = turn.toolCalls.map((tc) => ({
      id: tc.id,
      type: "function",
      function: { name: tc.name, arguments: tc.arguments },
    }));
  }
  return {
    id: env.id,
    object: "chat.completion",
    created: env.created,
    model: env.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: turn.finishReason }],
    usage: turn.usage,
    service_tier: "default",
    system_fingerprint: "fp_fake_openai",
  };
}

/** Splits text into at most `parts` pieces (by code point), none empty. */
export function splitText(text: string, parts = 3): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const n = Math.min(parts, chars.length);
  const size = Math.ceil(chars.length / n);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/**
 * The `data:` payloads of a streamed answer, in OpenAI's chunk format: a role chunk, content
 * deltas, tool-call deltas (first with index/id/type/name and empty arguments, then argument
 * pieces with only the index), a finish chunk with an empty delta, and — only when
 * `includeUsage` — a final `choices: []` chunk carrying usage (the other chunks then carry `usage: null`).
 */
export function streamChunks(env: Envelope, turn: AssistantTurn, includeUsage: boolean): Record<string, unknown>[] {
  const chunk = (delta: Record<string, unknown>, finish: FinishReason | null = null): Record<string, unknown> => ({
    id: env.id,
    object: "chat.completion.chunk",
    created: env.created,
    model: env.model,
    service_tier: "default",
    system_fingerprint: "fp_fake_openai",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const out: Record<string, unknown>[] = [];
  const textPieces = splitText(turn.content ?? "", 4);
  if (turn.toolCalls.length > 0 && textPieces.length === 0) {
    out.push(chunk({ role: "assistant", content: null, refusal: null }));
  } else {
    out.push(chunk({ role: "assistant", content: "", refusal: null }));
  }
  for (const piece of textPieces) out.push(chunk({ content: piece }));
  turn.toolCalls.forEach((tc, index) => {
    out.push(
      chunk({ tool_calls: [{ index, id: tc.id, type: "function", function: { name: tc.name, arguments: "" } }] }),
    );
    for (const piece of splitText(tc.arguments, 3)) {
      out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  out.push(chunk({}, turn.finishReason));
  if (includeUsage) {
    out.push({ ...chunk({}), choices: [], usage: turn.usage });
  }
  return out;
}

/** The first few chunks of a stream that will be cut: role chunk + up to 2 content pieces. */
export function partialStreamChunks(env: Envelope, content: string): Record<string, unknown>[] {
  const base = { id: env.id, object: "chat.completion.chunk", created: env.created, model: env.model };
  const pieces = splitText(content, 4).slice(0, 2);
  return [
    {
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
    },
    ...pieces.map((p) => ({
      ...base,
      choices: [{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }],
    })),
  ];
}

export function openAIError(message: string, type: string, code: string | null): { error: Record<string, unknown> } {
  return { error: { message, type, param: null, code } };
}

/** OpenAI-like default error body for a status. */
export function defaultErrorBody(status: number): { error: Record<string, unknown> } {
  if (status === 429) {
    return openAIError("Rate limit reached for fake-openai (requests per min).", "requests", "rate_limit_exceeded");
  }
  if (status === 400) return openAIError("Invalid request (fake-openai).", "invalid_request_error", null);
  if (status === 401)
    return openAIError("Incorrect API key provided (fake-openai).", "invalid_request_error", "invalid_api_key");
  if (status === 404)
    return openAIError("The model does not exist (fake-openai).", "invalid_request_error", "model_not_found");
  if (status >= 500)
    return openAIError(
      `The server had an error while processing your request (fake-openai ${status}).`,
      "server_error",
      null,
    );
  return openAIError(`fake-openai error ${status}`, "invalid_request_error", null);
}

import type { AIMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import type { JudgeConfig } from "../config/types.js";
import type { Endpoint } from "./endpoint.js";
import { createHttpFetch } from "./http-fetch.js";
import type { Msg, ToolCall, ToolSpec } from "./messages.js";
import { toLangChain } from "./to-langchain.js";
import { VIA_BATCH } from "./batch.js";

export interface ModelRequest {
  messages: Msg[];
  tools?: ToolSpec[];
  schema?: { name: string; schema: Record<string, unknown> };
}

export interface ModelReply {
  content: string;
  toolCalls: ToolCall[];
  json?: unknown;
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens served from the provider's prefix cache (`prompt_tokens_details.cached_tokens`). */
  cachedInputTokens: number;
  /** Output tokens spent reasoning (`completion_tokens_details.reasoning_tokens`). */
  reasoningTokens: number;
  /** Answered through the Batch API (billed at batch prices). */
  viaBatch?: boolean;
}

/**
 * The LangChain side of LlmClient: one ChatOpenAI per client. Loaded on the first call that
 * misses the cache (LangChain takes about half a second of CPU to load, which a fully cached run
 * never pays).
 */
export class ChatModel {
  readonly model: ChatOpenAI;

  /** `transport`: a fetch of its own instead of plain HTTP (the Batch API queue). */
  constructor(config: JudgeConfig, endpoint: Endpoint, maxSockets: number, transport?: typeof fetch) {
    this.model = new ChatOpenAI({
      model: config.model,
      apiKey: endpoint.apiKey,
      temperature: config.temperature,
      ...(config.maxTokens ? { maxTokens: config.maxTokens } : {}),
      maxRetries: 0,
      // a batch may take up to its 24-hour window to come back
      timeout: transport ? 25 * 3600 * 1000 : config.timeoutS * 1000,
      configuration: { ...(endpoint.baseURL ? { baseURL: endpoint.baseURL } : {}), fetch: transport ?? createHttpFetch({ maxSockets }) },
    });
  }

  /**
   * LangChain or the OpenAI SDK leaves one abort listener behind on the signal of every call. On
   * the run's one shared signal they piled up (one per call ever made) and made every later
   * addEventListener walk them all, so each call gets a signal of its own, tied to the caller's
   * by one listener that is removed when the call ends.
   */
  async invoke(req: ModelRequest, signal?: AbortSignal): Promise<ModelReply> {
    if (!signal) return this.invokeOnce(req);
    const own = new AbortController();
    const forward = () => own.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    try {
      return await this.invokeOnce(req, own.signal);
    } finally {
      signal.removeEventListener("abort", forward);
    }
  }

  private async invokeOnce(req: ModelRequest, signal?: AbortSignal): Promise<ModelReply> {
    const messages = toLangChain(req.messages);
    if (req.schema) {
      // the request withStructuredOutput(schema, { method: "jsonSchema" }) makes, without the
      // runnable sequence around it (a parser, a map and a fallback: each a LangChain run of its
      // own, together about 0.7 ms of CPU per call); the JSON is read here instead
      const response_format = { type: "json_schema" as const, json_schema: { name: req.schema.name, strict: true, schema: req.schema.schema } };
      const raw = (await this.model.invoke(messages, { signal, response_format })) as AIMessage;
      return { ...fromMessage(raw), json: structuredJson(raw) };
    }
    const runnable = req.tools?.length
      ? this.model.bindTools(req.tools.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.parameters } })))
      : this.model;
    return fromMessage((await runnable.invoke(messages, { signal })) as AIMessage);
  }
}

const textOf = (m: AIMessage) => (typeof m.content === "string" ? m.content : m.content.map((p) => ("text" in p ? String(p.text) : "")).join(""));

/** The reply's JSON: parsed by the OpenAI SDK already for json_schema replies, else read from the text. */
function structuredJson(m: AIMessage): unknown {
  const parsed = m.additional_kwargs?.parsed;
  if (parsed !== undefined && parsed !== null) return parsed;
  try {
    return JSON.parse(textOf(m));
  } catch (e) {
    throw new SyntaxError(`the model's structured reply is not JSON: ${(e as Error).message}`);
  }
}

function fromMessage(m: AIMessage): ModelReply {
  return {
    content: textOf(m),
    toolCalls: (m.tool_calls ?? []).map((c, i) => ({ id: c.id ?? `call_${i}`, name: c.name, args: (c.args ?? {}) as Record<string, unknown> })),
    inputTokens: m.usage_metadata?.input_tokens ?? 0,
    outputTokens: m.usage_metadata?.output_tokens ?? 0,
    cachedInputTokens: m.usage_metadata?.input_token_details?.cache_read ?? 0,
    reasoningTokens: m.usage_metadata?.output_token_details?.reasoning ?? 0,
    ...((m.response_metadata?.usage as Record<string, unknown> | undefined)?.[VIA_BATCH] ? { viaBatch: true } : {}),
  };
}

import type { AIMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import type { JudgeConfig } from "../config/types.js";
import type { Endpoint } from "./endpoint.js";
import { createHttpFetch } from "./http-fetch.js";
import type { ChatResult, Msg, ToolSpec } from "./messages.js";
import { toLangChain } from "./to-langchain.js";
import { VIA_BATCH } from "./batch.js";

export interface ModelRequest {
  messages: Msg[];
  tools?: ToolSpec[];
  schema?: { name: string; schema: Record<string, unknown> };
}

/**
 * The LangChain side of LlmClient: one ChatOpenAI per client. Loaded on the first call that
 * misses the cache (LangChain takes about half a second of CPU to load, which a fully cached run
 * never pays).
 */
export class ChatModel {
  readonly model: ChatOpenAI;
  /** The same model with the larger max_tokens, for the one retry of a reply cut off at the length limit. */
  private longer?: ChatOpenAI;

  /** `transport`: a fetch of its own instead of plain HTTP (the Batch API queue). */
  constructor(
    private readonly config: JudgeConfig,
    private readonly endpoint: Endpoint,
    private readonly maxSockets: number,
    private readonly transport?: typeof fetch,
  ) {
    this.model = this.build(config.maxTokens);
  }

  private build(maxTokens: number | undefined) {
    return new ChatOpenAI({
      model: this.config.model,
      apiKey: this.endpoint.apiKey,
      temperature: this.config.temperature,
      ...(maxTokens ? { maxTokens } : {}),
      maxRetries: 0,
      // a batch may take up to its 24-hour window to come back
      timeout: this.transport ? 25 * 3600 * 1000 : this.config.timeoutS * 1000,
      configuration: {
        ...(this.endpoint.baseURL ? { baseURL: this.endpoint.baseURL } : {}),
        fetch: this.transport ?? createHttpFetch({ maxSockets: this.maxSockets }),
      },
    });
  }

  /**
   * LangChain or the OpenAI SDK leaves one abort listener behind on the signal of every call. On
   * the run's one shared signal they piled up (one per call ever made) and made every later
   * addEventListener walk them all, so each call gets a signal of its own, tied to the caller's
   * by one listener that is removed when the call ends.
   */
  async invoke(req: ModelRequest, signal?: AbortSignal, longer = false): Promise<ChatResult> {
    const model = longer ? (this.longer ??= this.build(this.config.maxTokensOnCutOff)) : this.model;
    if (!signal) return this.invokeOnce(model, req);
    const own = new AbortController();
    const forward = () => own.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    try {
      return await this.invokeOnce(model, req, own.signal);
    } finally {
      signal.removeEventListener("abort", forward);
    }
  }

  private async invokeOnce(model: ChatOpenAI, req: ModelRequest, signal?: AbortSignal): Promise<ChatResult> {
    try {
      return await this.ask(model, req, signal);
    } catch (e) {
      // the OpenAI SDK's own error for a structured reply cut off at the limit
      const err = e as Error;
      if (
        err.name === "LengthFinishReasonError" ||
        err.constructor?.name === "LengthFinishReasonError" ||
        /length limit was reached/.test(err.message)
      )
        throw cutOff(model);
      throw e;
    }
  }

  private async ask(model: ChatOpenAI, req: ModelRequest, signal?: AbortSignal): Promise<ChatResult> {
    const messages = toLangChain(req.messages);
    if (req.schema) {
      // the request withStructuredOutput(schema, { method: "jsonSchema" }) makes, without the
      // runnable sequence around it (a parser, a map and a fallback: each a LangChain run of its
      // own, together about 0.7 ms of CPU per call); the JSON is read here instead
      const response_format = {
        type: "json_schema" as const,
        json_schema: { name: req.schema.name, strict: true, schema: req.schema.schema },
      };
      const raw = (await model.invoke(messages, { signal, response_format })) as AIMessage;
      if (raw.response_metadata?.finish_reason === "length") throw cutOff(model);
      return { ...fromMessage(raw), json: structuredJson(raw) };
    }
    const runnable = req.tools?.length
      ? model.bindTools(
          req.tools.map((t) => ({
            type: "function" as const,
            function: { name: t.name, description: t.description, parameters: t.parameters },
          })),
        )
      : model;
    const raw = (await runnable.invoke(messages, { signal })) as AIMessage;
    if (raw.response_metadata?.finish_reason === "length") throw cutOff(model);
    return fromMessage(raw);
  }
}

/** Named, not a class of its own: this module is bundled apart from the client that catches it. */
function cutOff(model: ChatOpenAI): Error {
  const e = new Error(
    `the reply was cut off at the model's length limit${model.maxTokens ? ` (max_tokens ${model.maxTokens})` : ""}`,
  );
  e.name = "ReplyCutOffError";
  return e;
}

const textOf = (m: AIMessage) =>
  typeof m.content === "string" ? m.content : m.content.map((p) => ("text" in p ? String(p.text) : "")).join("");

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

function fromMessage(m: AIMessage): ChatResult {
  return {
    content: textOf(m),
    toolCalls: (m.tool_calls ?? []).map((c, i) => ({
      id: c.id ?? `call_${i}`,
      name: c.name,
      args: (c.args ?? {}) as Record<string, unknown>,
    })),
    inputTokens: m.usage_metadata?.input_tokens ?? 0,
    outputTokens: m.usage_metadata?.output_tokens ?? 0,
    cachedInputTokens: m.usage_metadata?.input_token_details?.cache_read ?? 0,
    reasoningTokens: m.usage_metadata?.output_token_details?.reasoning ?? 0,
    ...((m.response_metadata?.usage as Record<string, unknown> | undefined)?.[VIA_BATCH] ? { viaBatch: true } : {}),
    cached: false,
  };
}

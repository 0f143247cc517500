/**
 * Types for the fake OpenAI-compatible chat-completions server (test/helpers/fake-openai).
 * See server.ts for the behaviour.
 */
import type { IncomingHttpHeaders } from "node:http";

/** A text or image part of a message's `content` array (other part types are kept as-is). */
export interface ContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string } | string;
  [key: string]: unknown;
}

export interface RequestToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/** One message of a chat-completions request, as the client sent it. */
export interface RequestMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: RequestToolCall[];
  tool_call_id?: string;
  [key: string]: unknown;
}

export interface RequestTool {
  type?: string;
  function?: { name?: string; description?: string; parameters?: unknown; strict?: boolean };
  [key: string]: unknown;
}

/** The parsed JSON body of a request (loosely typed: only the fields the fake looks at are named). */
export interface ChatRequestBody {
  model?: string;
  messages?: RequestMessage[];
  tools?: RequestTool[];
  tool_choice?: unknown;
  response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** Every HTTP request the server received, in arrival order (also GET /v1/models and 404s). */
export interface RecordedCall {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  /** Parsed JSON body; `{}` when the body was empty or not JSON (see `rawBody`). */
  body: ChatRequestBody;
  rawBody: string;
  /** Node's lower-cased request headers, e.g. `headers.authorization === "Bearer sk-test"`. */
  headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** `body.stream === true`. */
  stream: boolean;
  /** HTTP status sent; `null` until the head is written, and stays `null` for `{ reset: true }`. */
  responseStatus: number | null;
  /**
   * Which reply source answered: a rule (its `name`, or `#<index at match time>`), "default", or
   * "none" (no match → 500).
   */
  matchedBy?: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: Record<string, unknown>;
  completion_tokens_details?: Record<string, unknown>;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/** Options accepted by every reply kind. */
export interface ReplyCommon {
  /** Wait this long before answering (added to the server's `latencyMs`). */
  delayMs?: number;
  /** Reported usage; computed (≈ chars / 4) when absent. */
  usage?: Usage;
  /** Overrides the finish_reason ("stop", or "tool_calls" for tool-call replies). */
  finishReason?: FinishReason;
}

export interface ToolCallSpec {
  name: string;
  /** An object is JSON.stringify'd; a string is sent verbatim (so it may be invalid JSON on purpose). */
  arguments: object | string;
  /** Defaults to a generated `call_…` id. */
  id?: string;
}

export interface ContentReply extends ReplyCommon {
  content: string;
}
export interface ToolCallsReply extends ReplyCommon {
  toolCalls: ToolCallSpec[];
  content?: string;
}
/**
 * Structured output: content = JSON.stringify(json). If the request has no json_schema
 * response_format but forces one function via `tool_choice` (withStructuredOutput's
 * `method: "functionCalling"`), the JSON is sent as the arguments of a call to that function.
 */
export interface JsonReply extends ReplyCommon {
  json: unknown;
}
export interface ErrorReply extends ReplyCommon {
  error: {
    status: number;
    /** Default: `{ error: { message, type, code } }`. A string is sent verbatim. */
    body?: unknown;
    headers?: Record<string, string>;
  };
}
/** Status 200 with this exact body (e.g. "not json" or "{}"). Streaming: one `data: <malformed>` event, then end. */
export interface MalformedReply extends ReplyCommon {
  malformed: string;
}
/**
 * Streaming: a few SSE chunks of `content`, then the socket is destroyed. Otherwise: headers + half
 * the body, then destroyed.
 */
export interface CutStreamReply extends ReplyCommon {
  cutStream: true;
  content?: string;
}
/** Destroy the socket without writing any response. */
export interface ResetReply extends ReplyCommon {
  reset: true;
}

export type Reply =
  | ContentReply
  | ToolCallsReply
  | JsonReply
  | ErrorReply
  | MalformedReply
  | CutStreamReply
  | ResetReply;

/** string = substring match, RegExp = `test`. */
export type TextMatch = string | RegExp;

/** All given fields must hold. */
export interface MatcherFields {
  /** Text of the last `user` message (string content, or the text parts of an array joined with "\n"). */
  lastUser?: TextMatch;
  /**
   * Text of the last `tool` message (anywhere in the conversation, not only at the end; combine
   * with `lastRole: "tool"` for "just got a tool result").
   */
  lastTool?: TextMatch;
  /** Text of the very last message, whatever its role. */
  lastMessage?: TextMatch;
  /** Role of the very last message ("user", "tool", "assistant", …). */
  lastRole?: string;
  /** Text of all `system` and `developer` messages joined with "\n". */
  system?: TextMatch;
  model?: TextMatch;
  /** `tools` is a non-empty array. */
  hasTools?: boolean;
  /** Every listed name is among the request's tools (the request may have more). */
  toolNames?: string[];
  /** `response_format.type`; a request without response_format counts as "text". */
  responseFormat?: "json_schema" | "text" | "json_object";
  /** `response_format.json_schema.name`, or the name of the function forced by `tool_choice`. */
  schemaName?: TextMatch;
  stream?: boolean;
}

export type Matcher = MatcherFields | ((call: RecordedCall) => boolean);

export interface Rule {
  /** Omitted: matches every chat-completions request. */
  match?: Matcher;
  reply: Reply | ((call: RecordedCall) => Reply | Promise<Reply>);
  /** Used at most this many times, then skipped. */
  times?: number;
  /** Shown in `RecordedCall.matchedBy`. */
  name?: string;
}

export interface StartOptions {
  rules?: Rule[];
  /** Used when no rule matches; without it, an unmatched request gets a 500 naming the last user message. */
  defaultReply?: Reply;
  /**
   * Every chat-completions reply is sent this long after its request arrived (the server's own work
   * included), plus the reply's delayMs.
   */
  latencyMs?: number;
  /** Seeds the generator of ids (`chatcmpl-…`, `call_…`); default 42, so ids repeat from run to run. */
  seed?: number;
  /**
   * Simulate OpenAI's automatic prefix caching (default true): usage reports the longest prefix seen
   * before, in 128-token blocks, from 1,024 tokens on, as `prompt_tokens_details.cached_tokens`.
   */
  prefixCache?: boolean;
  /** Batch API: polls that still see a batch `in_progress` before it completes (default 1). */
  batchPollsInProgress?: number;
  /** Port to bind on 127.0.0.1; default 0 (a random free port). */
  port?: number;
}

export interface FakeOpenAI {
  /** "http://127.0.0.1:<port>/v1" — pass as ChatOpenAI's `configuration.baseURL`. */
  baseURL: string;
  port: number;
  /** Every request received, in order. Cleared in place by reset(). */
  calls: RecordedCall[];
  /** Only the POST /v1/chat/completions calls. */
  readonly chatCalls: RecordedCall[];
  /** The chat requests that came as lines of a batch, as they were answered. */
  readonly batchLines: RecordedCall[];
  /** The Batch API's files and batches; `batches.hold = true` keeps every batch in_progress. */
  readonly batches: import("./batches.js").FakeBatchApi;
  /**
   * PREPENDS the rules (keeping their order among themselves), so rules added later take
   * precedence over earlier ones and over the start options' rules. First match wins.
   */
  addRules(...rules: Rule[]): void;
  /** Appends the rules after all existing ones (lowest precedence). */
  appendRules(...rules: Rule[]): void;
  /**
   * Clears calls, ALL rules (also the start options' rules; defaultReply stays) and the prefix
   * cache, and restarts the id generator.
   */
  reset(): void;
  /** Closes the server, dropping open connections and pending delayed replies. */
  close(): Promise<void>;
}

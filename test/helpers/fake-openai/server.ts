/**
 * A fake OpenAI-compatible chat-completions server for tests (node:http, 127.0.0.1, random port).
 *
 *   const fake = await startFakeOpenAI({ rules: [{ match: { lastUser: "hi" }, reply: { content: "hello" } }] });
 *   const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", maxRetries: 0,
 *                                  configuration: { baseURL: fake.baseURL } });
 *   ...
 *   await fake.close();
 *
 * Routes: POST /v1/chat/completions (rules decide the reply), GET /v1/models (models seen so
 * far, or "gpt-4o-mini"), anything else → 404 with an OpenAI-style JSON error. Every request is
 * recorded in `calls` (before it is answered; `responseStatus` is filled in when the head is sent).
 *
 * Reply selection: the rules in order, first match wins (a rule whose `times` is used up is
 * skipped); then `defaultReply`; else a 500 whose message names the last user message.
 * `addRules` PREPENDS (later additions win), `appendRules` appends.
 *
 * Prefix caching (on unless `prefixCache: false`): a reply's usage reports as
 * `prompt_tokens_details.cached_tokens` the longest prefix of the request seen before, as OpenAI
 * does (prefix-cache.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { lastUserText, matches } from "./match.js";
import { PrefixCache } from "./prefix-cache.js";
import { FakeBatchApi, type LineAnswer } from "./batches.js";
import {
  completionBody,
  defaultErrorBody,
  IdGen,
  isMessageReply,
  openAIError,
  partialStreamChunks,
  streamChunks,
  toAssistantTurn,
} from "./respond.js";
import type { FakeOpenAI, RecordedCall, Reply, Rule, StartOptions } from "./types.js";

export type * from "./types.js";
export { isStructuredOutputRequest, lastToolText, lastUserText, messageText, systemText } from "./match.js";
export { judgeRules, type JudgeRulesOptions } from "./judge.js";

const CHAT_PATH = "/v1/chat/completions";
const MODELS_PATH = "/v1/models";
const DEFAULT_MODEL = "gpt-4o-mini";
/** Pause after writing a partial response before destroying the socket, so the client reads it first. */
const CUT_PAUSE_MS = 15;

interface RuleSlot {
  rule: Rule;
  used: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Resolves after `ms`, or early when the response closes (client gone / server closing). */
function sleepUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on("close", done);
  });
}

function gone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export async function startFakeOpenAI(opts: StartOptions = {}): Promise<FakeOpenAI> {
  const ids = new IdGen(opts.seed ?? 42);
  const latencyMs = opts.latencyMs ?? 0;
  let slots: RuleSlot[] = (opts.rules ?? []).map((rule) => ({ rule, used: 0 }));
  const calls: RecordedCall[] = [];
  const prefixCache = opts.prefixCache === false ? undefined : new PrefixCache();
  const batchApi = new FakeBatchApi((body) => answerLine(body), { pollsInProgress: opts.batchPollsInProgress });

  function send(
    res: ServerResponse,
    call: RecordedCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (gone(res)) return;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    call.responseStatus = status;
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      "x-request-id": ids.id("req_", 16),
      ...headers,
    });
    res.end(text);
  }

  async function pickReply(call: RecordedCall): Promise<Reply | undefined> {
    for (const [index, slot] of slots.entries()) {
      if (slot.rule.times !== undefined && slot.used >= slot.rule.times) continue;
      if (!matches(slot.rule.match, call)) continue;
      slot.used++;
      call.matchedBy = slot.rule.name ?? `#${index}`;
      const { reply } = slot.rule;
      return typeof reply === "function" ? await reply(call) : reply;
    }
    if (opts.defaultReply !== undefined) {
      call.matchedBy = "default";
      return opts.defaultReply;
    }
    call.matchedBy = "none";
    return undefined;
  }

  /**
   * The server's fixed latency counts from the request's arrival: its own work (reading, matching
   * rules) is part of it, as on a real endpoint.
   */
  const latencyLeft = (arrived: number) => Math.max(0, latencyMs - (performance.now() - arrived));

  async function handleChat(
    req: IncomingMessage,
    res: ServerResponse,
    call: RecordedCall,
    arrived: number,
  ): Promise<void> {
    let reply: Reply | undefined;
    try {
      reply = await pickReply(call);
    } catch (err) {
      send(res, call, 500, openAIError(`fake-openai: a rule threw: ${String(err)}`, "server_error", "fake_rule_threw"));
      return;
    }
    if (reply === undefined) {
      await sleepUnlessClosed(latencyLeft(arrived), res);
      const last = JSON.stringify(truncate(lastUserText(call.body)));
      send(
        res,
        call,
        500,
        openAIError(
          `fake-openai: no rule matched this request (last user message: ${last}); add a rule or a defaultReply`,
          "server_error",
          "fake_no_rule_matched",
        ),
      );
      return;
    }

    await sleepUnlessClosed(latencyLeft(arrived) + (reply.delayMs ?? 0), res);
    if (gone(res)) return;

    if ("reset" in reply) {
      const socket = req.socket;
      if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if ("error" in reply) {
      const { status, body, headers } = reply.error;
      send(res, call, status, body === undefined ? defaultErrorBody(status) : body, headers);
      return;
    }

    const env = {
      id: ids.id("chatcmpl-", 29),
      created: Math.floor(Date.now() / 1000),
      model: call.body.model ?? DEFAULT_MODEL,
    };

    if ("malformed" in reply) {
      if (call.stream) {
        call.responseStatus = 200;
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
        res.end(`data: ${reply.malformed}\n\n`);
      } else {
        send(res, call, 200, reply.malformed);
      }
      return;
    }

    if ("cutStream" in reply) {
      const content = reply.content ?? "This answer is cut off in the middle";
      call.responseStatus = 200;
      if (call.stream) {
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
        for (const c of partialStreamChunks(env, content)) res.write(`data: ${JSON.stringify(c)}\n\n`);
      } else {
        const full = JSON.stringify(completionBody(env, toAssistantTurn({ content }, call.body, ids)));
        res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(full)) });
        res.write(full.slice(0, Math.floor(full.length / 2)));
      }
      await sleepUnlessClosed(CUT_PAUSE_MS, res);
      req.socket.destroy();
      return;
    }

    if (!isMessageReply(reply)) throw new Error(`fake-openai: unknown reply kind ${JSON.stringify(reply)}`);
    const turn = toAssistantTurn(reply, call.body, ids, (prompt) => prefixCache?.lookup(call.body, prompt) ?? 0);
    if (!call.stream) {
      send(res, call, 200, completionBody(env, turn));
      return;
    }
    const includeUsage = call.body.stream_options?.include_usage === true;
    call.responseStatus = 200;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-request-id": ids.id("req_", 16),
    });
    for (const c of streamChunks(env, turn, includeUsage)) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end("data: [DONE]\n\n");
  }

  /**
   * A batch line, answered by the rules as the same chat request would be (recorded in `calls` with
   * path "batch:/v1/chat/completions").
   */
  async function answerLine(body: RecordedCall["body"]): Promise<LineAnswer> {
    const call: RecordedCall = {
      method: "POST",
      path: "batch:/v1/chat/completions",
      body,
      rawBody: JSON.stringify(body),
      headers: {},
      at: Date.now(),
      stream: false,
      responseStatus: null,
    };
    calls.push(call);
    let reply: Reply | undefined;
    try {
      reply = await pickReply(call);
    } catch (err) {
      reply = {
        error: {
          status: 500,
          body: openAIError(`fake-openai: a rule threw: ${String(err)}`, "server_error", "fake_rule_threw"),
        },
      };
    }
    let answer: LineAnswer;
    if (reply === undefined)
      answer = {
        status: 500,
        body: openAIError("fake-openai: no rule matched this batch line", "server_error", "fake_no_rule_matched"),
      };
    else if ("error" in reply)
      answer = { status: reply.error.status, body: reply.error.body ?? defaultErrorBody(reply.error.status) };
    else if (!isMessageReply(reply))
      answer = {
        status: 500,
        body: openAIError("fake-openai: this reply kind cannot answer a batch line", "server_error", null),
      };
    else {
      const env = {
        id: ids.id("chatcmpl-", 29),
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? DEFAULT_MODEL,
      };
      answer = {
        status: 200,
        body: completionBody(
          env,
          toAssistantTurn(reply, body, ids, (prompt) => prefixCache?.lookup(body, prompt) ?? 0),
        ),
      };
    }
    call.responseStatus = answer.status;
    return answer;
  }

  function modelsList(): unknown {
    const seen: string[] = [];
    for (const c of calls) {
      const m = c.body.model;
      if (c.path === CHAT_PATH && typeof m === "string" && !seen.includes(m)) seen.push(m);
    }
    if (seen.length === 0) seen.push(DEFAULT_MODEL);
    return {
      object: "list",
      data: seen.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "fake-openai" })),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const rawBody = await readBody(req);
    let body: RecordedCall["body"] = {};
    let badJson = false;
    if (rawBody.trim() !== "") {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
          body = parsed as RecordedCall["body"];
        else badJson = true;
      } catch {
        badJson = true;
      }
    }
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "") || "/";
    const call: RecordedCall = {
      method,
      path,
      body,
      rawBody,
      headers: req.headers,
      at: Date.now(),
      stream: body.stream === true,
      responseStatus: null,
    };
    calls.push(call);

    if (method === "POST" && path === CHAT_PATH) {
      if (badJson) {
        send(
          res,
          call,
          400,
          openAIError("fake-openai: request body is not a JSON object", "invalid_request_error", null),
        );
        return;
      }
      await handleChat(req, res, call, arrived);
      return;
    }
    if (method === "GET" && path === MODELS_PATH) {
      send(res, call, 200, modelsList());
      return;
    }
    const batchAnswer = await batchApi.handle(method, path, rawBody, req.headers["content-type"]);
    if (batchAnswer) {
      if (batchAnswer.text) {
        call.responseStatus = batchAnswer.status;
        res.writeHead(batchAnswer.status, { "content-type": "application/octet-stream" });
        res.end(String(batchAnswer.body));
      } else send(res, call, batchAnswer.status, batchAnswer.body);
      return;
    }
    send(
      res,
      call,
      404,
      openAIError(
        `fake-openai: unknown path ${method} ${path} (only POST ${CHAT_PATH} and GET ${MODELS_PATH})`,
        "invalid_request_error",
        "unknown_url",
      ),
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!gone(res) && !res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(openAIError(`fake-openai internal error: ${String(err)}`, "server_error", null)));
      } else {
        res.destroy();
      }
    });
  });
  // A client resetting its own connection must not crash the test process.
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    calls,
    get chatCalls() {
      return calls.filter((c) => c.method === "POST" && c.path === CHAT_PATH);
    },
    get batchLines() {
      return calls.filter((c) => c.path === `batch:${CHAT_PATH}`);
    },
    batches: batchApi,
    addRules(...rules) {
      slots = [...rules.map((rule) => ({ rule, used: 0 })), ...slots];
    },
    appendRules(...rules) {
      slots = [...slots, ...rules.map((rule) => ({ rule, used: 0 }))];
    },
    reset() {
      calls.length = 0;
      slots = [];
      ids.reset();
      prefixCache?.clear();
      batchApi.reset();
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// HTTP errors, broken bodies, resets and delays, through real HTTP with ChatOpenAI (maxRetries: 0).
//
// What LangChain (@langchain/openai 1.5.8 over openai 6.49) exposes on a thrown HTTP error:
// - the error is the openai SDK's APIError subclass (RateLimitError, InternalServerError,
//   BadRequestError, …), passed through by LangChain: `status` (number), `headers` (a fetch
//   `Headers` object: `err.headers.get("retry-after")`), `error` (the parsed `error` object of the
//   body), `code` / `type` / `param` (copied from it), `requestID` (from `x-request-id`), and
//   `message` = "<status> <body error.message>".
// - 429 additionally gets `lc_error_code: "MODEL_RATE_LIMIT"` (and the message a "Troubleshooting
//   URL" suffix). With Retry-After LangChain adds `retryAfterMs` (1 s → 1000); without it the
//   error's `name` becomes "RateLimitCapacityError" (not retried). 401 → "MODEL_AUTHENTICATION",
//   404 → "MODEL_NOT_FOUND".
// - 500/503/400 carry no lc_error_code. A non-JSON 200 body → SyntaxError; a `{}` 200 body →
//   TypeError "Cannot read properties of undefined (reading 'message')".
// - Body cut mid-way → TypeError "terminated" (cause: undici SocketError UND_ERR_SOCKET);
//   connection reset before any response → APIConnectionError "Connection error." (cause
//   TypeError "fetch failed", its cause ECONNRESET).
// - Call option `timeout` → Error named "AbortError", message "Request was aborted.";
//   constructor `timeout` (the openai client's) → Error named "TimeoutError", "Request timed out.".
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

let fake: FakeOpenAI;
let model: ChatOpenAI;

useFakeOpenAI((s) => ({ fake, model } = s));

interface HttpError extends Error {
  status?: number;
  headers?: Headers;
  code?: string | null;
  type?: string;
  error?: unknown;
  requestID?: string | null;
  lc_error_code?: string;
  retryAfterMs?: number;
}

async function failure(p: Promise<unknown>): Promise<HttpError> {
  const res = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(res instanceof Error)) throw new Error(`expected a rejection, got ${JSON.stringify(res)}`);
  return res as HttpError;
}

describe("HTTP errors", () => {
  it("429 with Retry-After: status, header, lc_error_code and retryAfterMs are visible", async () => {
    fake.addRules({ reply: { error: { status: 429, headers: { "retry-after": "1" } } } });
    const err = await failure(model.invoke("x"));
    expect(err.status).toBe(429);
    expect(err.headers?.get("retry-after")).toBe("1");
    expect(err.lc_error_code).toBe("MODEL_RATE_LIMIT");
    expect(err.retryAfterMs).toBe(1000);
    expect(err.code).toBe("rate_limit_exceeded");
    expect(err.requestID).toMatch(/^req_/);
    expect(err.message).toMatch(/^429 Rate limit reached/);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.responseStatus).toBe(429);
  });

  it("429 without Retry-After", async () => {
    fake.addRules({ reply: { error: { status: 429 } } });
    const err = await failure(model.invoke("x"));
    expect(err.status).toBe(429);
    expect(err.headers?.get("retry-after")).toBeNull();
    expect(err.lc_error_code).toBe("MODEL_RATE_LIMIT");
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.name).toBe("RateLimitCapacityError");
  });

  it("500 and 503", async () => {
    fake.addRules(
      { match: { lastUser: "a" }, reply: { error: { status: 500 } } },
      { reply: { error: { status: 503, headers: { "x-extra": "yes" } } } },
    );
    const e500 = await failure(model.invoke("a"));
    expect(e500.status).toBe(500);
    expect(e500.lc_error_code).toBeUndefined();
    const e503 = await failure(model.invoke("b"));
    expect(e503.status).toBe(503);
    expect(e503.headers?.get("x-extra")).toBe("yes");
  });

  it("400 with an OpenAI-style error body", async () => {
    const body = {
      error: {
        message: "Invalid schema for response_format",
        type: "invalid_request_error",
        code: "invalid_json_schema",
      },
    };
    fake.addRules({ reply: { error: { status: 400, body } } });
    const err = await failure(model.invoke("x"));
    expect(err.status).toBe(400);
    expect(err.message).toBe("400 Invalid schema for response_format");
    expect(err.code).toBe("invalid_json_schema");
    expect(err.type).toBe("invalid_request_error");
    expect(err.error).toEqual(body.error);
  });

  it("401 is tagged MODEL_AUTHENTICATION", async () => {
    fake.addRules({ reply: { error: { status: 401 } } });
    const err = await failure(model.invoke("x"));
    expect(err.status).toBe(401);
    expect(err.lc_error_code).toBe("MODEL_AUTHENTICATION");
  });
});

describe("broken responses", () => {
  it("200 with a non-JSON body → SyntaxError", async () => {
    fake.addRules({ reply: { malformed: "<html>oops</html>" } });
    const err = await failure(model.invoke("x"));
    expect(err).toBeInstanceOf(SyntaxError);
    expect(fake.calls[0]!.responseStatus).toBe(200);
  });

  it("200 with {} → TypeError", async () => {
    fake.addRules({ reply: { malformed: "{}" } });
    const err = await failure(model.invoke("x"));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain("reading 'message'");
  });

  it("body cut off after the headers → TypeError 'terminated'", async () => {
    fake.addRules({ reply: { cutStream: true } });
    const err = await failure(model.invoke("x"));
    expect(err.message).toBe("terminated");
    expect((err.cause as { code?: string } | undefined)?.code).toBe("UND_ERR_SOCKET");
    expect(fake.calls[0]!.responseStatus).toBe(200);
  });

  it("connection reset without a response → APIConnectionError 'Connection error.'", async () => {
    fake.addRules({ reply: { reset: true } });
    const err = await failure(model.invoke("x"));
    expect(err.message).toBe("Connection error.");
    expect(err.status).toBeUndefined();
    expect(fake.calls[0]!.responseStatus).toBeNull();
  });

  it("a reply function that throws → 500 naming the error", async () => {
    fake.addRules({
      reply: () => {
        throw new Error("boom in rule");
      },
    });
    const err = await failure(model.invoke("x"));
    expect(err.status).toBe(500);
    expect(err.message).toContain("boom in rule");
  });
});

describe("delays", () => {
  it("delayMs delays the answer", async () => {
    fake.addRules({ reply: { content: "late", delayMs: 150 } });
    const t0 = Date.now();
    expect((await model.invoke("x")).content).toBe("late");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("a call-option timeout shorter than the delay fails with AbortError; the server drops the reply", async () => {
    fake.addRules({ reply: { content: "too late", delayMs: 1000 } });
    const t0 = Date.now();
    const err = await failure(model.invoke("x", { timeout: 100 }));
    expect(Date.now() - t0).toBeLessThan(800);
    expect(err.name).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls[0]!.responseStatus).toBeNull();
  });

  it("a constructor timeout shorter than the delay fails with TimeoutError", async () => {
    fake.addRules({ reply: { content: "too late", delayMs: 1000 } });
    const impatient = new ChatOpenAI({
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      maxRetries: 0,
      timeout: 100,
      configuration: { baseURL: fake.baseURL },
    });
    const err = await failure(impatient.invoke("x"));
    expect(err.name).toBe("TimeoutError");
    expect(err.message).toBe("Request timed out.");
  });

  it("latencyMs applies to every reply", async () => {
    const slow = await startFakeOpenAI({ latencyMs: 120, defaultReply: { content: "ok" } });
    try {
      const m = new ChatOpenAI({
        model: "gpt-4o-mini",
        apiKey: "sk-test",
        maxRetries: 0,
        configuration: { baseURL: slow.baseURL },
      });
      const t0 = Date.now();
      expect((await m.invoke("x")).content).toBe("ok");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    } finally {
      await slow.close();
    }
  });

  it("close() does not wait for pending delayed replies; the pending call fails", async () => {
    const slow = await startFakeOpenAI({ defaultReply: { content: "ok", delayMs: 5000 } });
    const m = new ChatOpenAI({
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      maxRetries: 0,
      configuration: { baseURL: slow.baseURL },
    });
    const pending = m.invoke("x").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await slow.close();
    expect(Date.now() - t0).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });
});

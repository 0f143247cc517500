import { getEventListeners, setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatModel } from "../../../harness/llm/chat-model.js";
import { createHttpFetch } from "../../../harness/llm/http-fetch.js";
import { classifyError, withRetries } from "../../../harness/llm/retry.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai/server.js";

const judgeConfig = { model: "gpt-4o-mini", temperature: 0, timeoutS: 30 } as ConstructorParameters<
  typeof ChatModel
>[0];
const verdictSchema = {
  name: "verdict",
  schema: {
    type: "object",
    properties: { status: { type: "string" } },
    required: ["status"],
    additionalProperties: false,
  },
};

describe("ChatModel over devjudge's node:http fetch, against a real HTTP server", () => {
  let fake: FakeOpenAI;
  let model: ChatModel;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    model = new ChatModel(judgeConfig, { baseURL: fake.baseURL, apiKey: "sk-test" }, 8);
  });
  afterAll(() => fake.close());

  it("answers as the platform fetch does: status, headers and body", async () => {
    const httpFetch = createHttpFetch();
    for (const [path, init] of [
      ["/models", {}],
      ["/nowhere", {}],
      [
        "/chat/completions",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
        },
      ],
    ] as const) {
      fake.reset();
      fake.addRules({ reply: { content: "hello" } });
      const ours = await httpFetch(`${fake.baseURL}${path}`, init);
      const theirs = await fetch(`${fake.baseURL}${path}`, init);
      expect(ours.status).toBe(theirs.status);
      expect(ours.headers.get("content-type")).toBe(theirs.headers.get("content-type"));
      const [a, b] = [await ours.json(), await theirs.json()] as { id?: string; created?: number }[];
      // completions differ only in their id and time
      expect({ ...a, id: undefined, created: undefined }).toEqual({ ...b, id: undefined, created: undefined });
    }
  });

  it("decompresses a gzip or brotli body, as fetch does, should a server compress uninvited", async () => {
    const payload = JSON.stringify({ ok: true, text: "x".repeat(2000) });
    const server = createServer((req, res) => {
      const br = req.url === "/br";
      const body = br ? brotliCompressSync(payload) : gzipSync(payload);
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": br ? "br" : "gzip",
        "content-length": body.length,
      });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      for (const path of ["/gz", "/br"]) {
        const r = await createHttpFetch()(`http://127.0.0.1:${port}${path}`);
        expect(r.headers.get("content-encoding")).toBeNull();
        expect(await r.json()).toEqual(JSON.parse(payload));
      }
    } finally {
      server.close();
    }
  });

  it("structured output goes out as a strict json_schema response_format and comes back parsed, with usage", async () => {
    fake.reset();
    fake.addRules({ reply: { json: { status: "satisfied" }, usage: { prompt_tokens: 120, completion_tokens: 7 } } });
    const r = await model.invoke({
      messages: [
        { role: "system", content: "judge" },
        { role: "user", content: "is it done?" },
      ],
      schema: verdictSchema,
    });
    expect(r.json).toEqual({ status: "satisfied" });
    expect([r.inputTokens, r.outputTokens]).toEqual([120, 7]);
    expect(fake.chatCalls[0]!.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "verdict", strict: true, schema: verdictSchema.schema },
    });
  });

  it("a structured reply that is not JSON is a retryable failure", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "I think it is satisfied." } });
    const e = await model
      .invoke({ messages: [{ role: "user", content: "verdict?" }], schema: verdictSchema })
      .catch((x: unknown) => x);
    expect(String(e)).toMatch(/SyntaxError: .*(not valid JSON|not JSON)/);
    expect(classifyError(e).retry).toBe(true);
  });

  it("resets, cut-off bodies, 503s and 429s are retried through the same fetch until the answer comes", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "ok" } });
    fake.addRules({ reply: { reset: true }, times: 1 });
    fake.addRules({ reply: { cutStream: true, content: "x".repeat(4000) }, times: 1 });
    fake.addRules({ reply: { error: { status: 503 } }, times: 1 });
    fake.addRules({ reply: { error: { status: 429 } }, times: 1 });
    const reasons: string[] = [];
    const r = await withRetries(
      () => model.invoke({ messages: [{ role: "user", content: "hi" }] }),
      { max: 5, baseDelayMs: 5, maxDelayMs: 20 },
      { onRetry: (i) => reasons.push(i.reason) },
    );
    expect(r.content).toBe("ok");
    expect(reasons).toHaveLength(4);
    expect(reasons.slice(0, 2)).toEqual(["429 rate limited", "503 server error"]);
    expect(reasons.slice(2).every((x) => x.startsWith("network:"))).toBe(true);
  });

  it("leaves no abort listener behind on the caller's signal, and an abort stops a call at once", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "ok" } });
    const run = new AbortController();
    setMaxListeners(0, run.signal);
    await Promise.all(
      Array.from({ length: 50 }, () => model.invoke({ messages: [{ role: "user", content: "hi" }] }, run.signal)),
    );
    await Promise.all(
      Array.from({ length: 50 }, () =>
        model
          .invoke({ messages: [{ role: "user", content: "hi" }], schema: verdictSchema }, run.signal)
          .catch(() => undefined),
      ),
    );
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0);

    fake.addRules({ reply: { content: "late", delayMs: 5000 } });
    const started = Date.now();
    const pending = model.invoke({ messages: [{ role: "user", content: "slow" }] }, run.signal);
    setTimeout(() => run.abort(new Error("stopped by the user")), 100);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

import type { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { backoffMs, classifyError, RetriesExhaustedError, withRetries } from "../../../harness/llm/retry.js";
import type { FakeOpenAI } from "../../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../../helpers/fake-openai/use.js";

const policy = { max: 4, baseDelayMs: 20, maxDelayMs: 200 };

describe("retries against a real HTTP server", () => {
  let fake: FakeOpenAI;
  let model: ChatOpenAI;
  useFakeOpenAI((s) => ({ fake, model } = s), { resetAfterEach: false });

  const call = (onRetry: (i: { attempt: number; delayMs: number; reason: string }) => void, p = policy) =>
    withRetries(() => model.invoke("hello"), p, { onRetry });

  it("honours Retry-After on a 429, then succeeds", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "finally" } });
    fake.addRules({
      reply: {
        error: {
          status: 429,
          headers: { "retry-after": "1" },
          body: { error: { message: "slow down", type: "rate_limit" } },
        },
      },
      times: 1,
    });
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    const started = Date.now();
    const r = await call((i) => retries.push(i), { ...policy, maxDelayMs: 5000 });
    expect(r.content).toBe("finally");
    expect(retries).toEqual([{ attempt: 1, delayMs: 1000, reason: "429 rate limited" }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.chatCalls).toHaveLength(2);
  });

  it("caps a Retry-After longer than max_delay at max_delay, and says so in the retry event", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "finally" } });
    fake.addRules({
      reply: {
        error: {
          status: 429,
          headers: { "retry-after": "3600" },
          body: { error: { message: "come back in an hour", type: "rate_limit" } },
        },
      },
      times: 1,
    });
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    expect((await call((i) => retries.push(i))).content).toBe("finally");
    expect(retries).toEqual([
      { attempt: 1, delayMs: 200, reason: "429 rate limited (Retry-After 3600s capped at max_delay 0.2s)" },
    ]);
  });

  it("backs off exponentially on 429 without Retry-After and on 5xx, resets and cut-off bodies", async () => {
    fake.reset();
    fake.addRules({ reply: { content: "ok" } });
    fake.addRules({ reply: { reset: true }, times: 1 });
    fake.addRules({ reply: { cutStream: true }, times: 1 });
    fake.addRules({ reply: { error: { status: 503 } }, times: 1 });
    fake.addRules({ reply: { error: { status: 429 } }, times: 1 });
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    expect((await call((i) => retries.push(i))).content).toBe("ok");
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries[0]!.reason).toBe("429 rate limited");
    expect(retries[1]!.reason).toBe("503 server error");
    expect(retries[2]!.reason).toMatch(/^network: /);
    expect(retries[3]!.reason).toMatch(/^network: /);
    retries.forEach((r, i) => {
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i);
      expect(r.delayMs).toBeGreaterThanOrEqual(exp / 2);
      expect(r.delayMs).toBeLessThanOrEqual(exp);
    });
  });

  it("never retries a 400, and gives up after max retries with the cause", async () => {
    fake.reset();
    fake.addRules({
      reply: { error: { status: 400, body: { error: { message: "bad request", type: "invalid_request_error" } } } },
    });
    await expect(call(() => undefined)).rejects.toMatchObject({ status: 400 });
    expect(fake.chatCalls).toHaveLength(1);
    fake.reset();
    fake.addRules({ reply: { error: { status: 500 } } });
    const err = await call(() => undefined).catch((e) => e);
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect(err.message).toBe("gave up after 5 tries: 500 server error");
    expect(fake.chatCalls).toHaveLength(5);
  });
});

describe("classifyError", () => {
  const withHeaders = (status: number, h: Record<string, string>) => ({ status, headers: new Headers(h) });
  it("reads Retry-After as seconds, as a date, and retry-after-ms", () => {
    expect(classifyError(withHeaders(429, { "retry-after": "3" }))).toMatchObject({ retry: true, afterMs: 3000 });
    expect(classifyError(withHeaders(429, { "retry-after-ms": "250" }))).toMatchObject({ retry: true, afterMs: 250 });
    const inTwo = new Date(Date.now() + 2000).toUTCString();
    const d = classifyError(withHeaders(503, { "retry-after": inTwo })).afterMs!;
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThanOrEqual(2000);
  });
  it("retries 408 and 409, never 401, 403, 404 or 422", () => {
    for (const s of [408, 409]) expect(classifyError({ status: s }).retry).toBe(true);
    for (const s of [401, 403, 404, 422]) expect(classifyError({ status: s }).retry).toBe(false);
  });
  it("backoff grows and is capped", () => {
    expect(backoffMs(0, policy, () => 1)).toBe(20);
    expect(backoffMs(3, policy, () => 1)).toBe(160);
    expect(backoffMs(10, policy, () => 0)).toBe(100);
  });
});

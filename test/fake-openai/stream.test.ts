// Streaming (`.stream()`, never `streaming: true` — see NOTES-stack.md) through real HTTP.
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import type { AIMessageChunk } from "@langchain/core/messages";
import { z } from "zod";
import type { FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

let fake: FakeOpenAI;
let model: ChatOpenAI;

useFakeOpenAI((s) => ({ fake, model } = s));

async function collect(
  stream: AsyncIterable<AIMessageChunk>,
): Promise<{ chunks: AIMessageChunk[]; full: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  let full: AIMessageChunk | undefined;
  for await (const c of stream) {
    chunks.push(c);
    full = full === undefined ? c : full.concat(c);
  }
  if (full === undefined) throw new Error("empty stream");
  return { chunks, full };
}

/** Raw SSE `data:` payloads of a request (no LangChain). */
async function rawEvents(baseURL: string, body: object): Promise<string[]> {
  const res = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => e.slice("data: ".length));
}

describe("streaming", () => {
  it("content arrives in several chunks that concatenate to the full text; usage in the last chunk", async () => {
    const text = "The quick brown fox jumps over the lazy dog.";
    fake.addRules({ match: { stream: true, lastUser: "fox" }, reply: { content: text } });
    const { chunks, full } = await collect(await model.stream("Tell me about the fox"));
    expect(full.content).toBe(text);
    expect(chunks.filter((c) => c.content !== "").length).toBeGreaterThan(1);
    const last = chunks[chunks.length - 1]!;
    expect(last.usage_metadata).toMatchObject({
      input_tokens: Math.ceil(21 / 4),
      output_tokens: Math.ceil(text.length / 4),
    });
    expect(full.response_metadata.finish_reason).toBe("stop");

    const call = fake.calls[0]!;
    expect(call.stream).toBe(true);
    expect(call.body.stream_options).toEqual({ include_usage: true });
    expect(call.headers.authorization).toBe("Bearer sk-test");
    expect(call.responseStatus).toBe(200);
  });

  it("tool calls are reassembled from id/name and split argument chunks", async () => {
    const args = { path: "src/index.ts", pattern: "export function", maxResults: 20 };
    fake.addRules({
      match: { hasTools: true },
      reply: {
        toolCalls: [
          { name: "grep", arguments: args },
          { name: "read_file", arguments: { path: "README.md" } },
        ],
      },
    });
    const bound = model.bindTools([
      {
        type: "function",
        function: { name: "grep", description: "search", parameters: { type: "object", properties: {} } },
      },
      {
        type: "function",
        function: { name: "read_file", description: "read", parameters: { type: "object", properties: {} } },
      },
    ]);
    const { chunks, full } = await collect(await bound.stream("find exports"));
    expect(full.content).toBe("");
    expect(full.tool_calls).toMatchObject([
      { name: "grep", args, id: expect.stringMatching(/^call_/) },
      { name: "read_file", args: { path: "README.md" } },
    ]);
    // arguments really were split: more than one chunk carries a piece of tool call 0
    expect(chunks.filter((c) => c.tool_call_chunks?.some((t) => t.index === 0)).length).toBeGreaterThan(2);
    expect(full.response_metadata.finish_reason).toBe("tool_calls");
    expect(chunks[chunks.length - 1]!.usage_metadata?.output_tokens).toBeGreaterThan(0);
  });

  it("text and a tool call in the same streamed answer", async () => {
    fake.addRules({ reply: { content: "Let me look.", toolCalls: [{ name: "ls", arguments: { dir: "." } }] } });
    const { full } = await collect(await model.stream("x"));
    expect(full.content).toBe("Let me look.");
    expect(full.tool_calls).toMatchObject([{ name: "ls", args: { dir: "." } }]);
  });

  it("structured output over a stream (json reply)", async () => {
    fake.addRules({
      match: { responseFormat: "json_schema", stream: true },
      reply: { json: { status: "satisfied", reason: "streamed" } },
    });
    const structured = model.withStructuredOutput(z.object({ status: z.string(), reason: z.string() }), {
      name: "verdict",
    });
    const parts: unknown[] = [];
    for await (const p of await structured.stream("x")) parts.push(p);
    expect(parts[parts.length - 1]).toEqual({ status: "satisfied", reason: "streamed" });
  });

  it("raw format: chunk objects, usage chunk only with include_usage, then [DONE]", async () => {
    fake.addRules({ reply: { content: "abcdefgh" } });
    const withUsage = await rawEvents(fake.baseURL, {
      model: "m",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
    });
    expect(withUsage[withUsage.length - 1]).toBe("[DONE]");
    const parsed = withUsage.slice(0, -1).map(
      (e) =>
        JSON.parse(e) as {
          object: string;
          model: string;
          choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(parsed.every((c) => c.object === "chat.completion.chunk" && c.model === "m")).toBe(true);
    expect(parsed[0]!.choices[0]!.delta).toMatchObject({ role: "assistant", content: "" });
    const usageChunk = parsed[parsed.length - 1]!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    expect(parsed[parsed.length - 2]!.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });

    const without = await rawEvents(fake.baseURL, {
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(without[without.length - 1]).toBe("[DONE]");
    const chunks = without.slice(0, -1).map((e) => JSON.parse(e) as { choices: unknown[]; usage?: unknown });
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it("a cut-off stream yields some chunks, then throws", async () => {
    fake.addRules({ reply: { cutStream: true, content: "one two three four five six seven eight" } });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of await model.stream("x")) got.push(String(c.content));
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // undici: TypeError "terminated", cause SocketError code UND_ERR_SOCKET ("other side closed")
    expect((err as Error).message).toBe("terminated");
    const partial = got.join("");
    expect(partial.length).toBeGreaterThan(0);
    expect("one two three four five six seven eight".startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(39);
    expect(fake.calls[0]!.responseStatus).toBe(200);
  });

  // Note: `await model.stream(...)` itself rejects here — LangChain pulls the first chunk eagerly.
  it("errors on a stream request come back as HTTP errors before any chunk", async () => {
    fake.addRules({ reply: { error: { status: 503 } } });
    await expect(model.stream("x")).rejects.toMatchObject({ status: 503 });
  });

  it("a connection reset on a stream request", async () => {
    fake.addRules({ reply: { reset: true } });
    await expect(model.stream("x")).rejects.toThrow("Connection error.");
    expect(fake.calls[0]!.responseStatus).toBeNull();
  });
});

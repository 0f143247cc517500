// Non-streaming paths of the fake OpenAI server, through real HTTP with ChatOpenAI.
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

let fake: FakeOpenAI;
let model: ChatOpenAI;

useFakeOpenAI((s) => ({ fake, model } = s));

describe("plain completion", () => {
  it("returns content and usage, and records body and Authorization header", async () => {
    fake.addRules({ match: { lastUser: "capital of France" }, reply: { content: "Paris." } });
    const res = await model.invoke([
      new SystemMessage("You are terse."),
      new HumanMessage("What is the capital of France?"),
    ]);
    expect(res.content).toBe("Paris.");
    // prompt: ceil((14 + 30) / 4) = 11, completion: ceil(6 / 4) = 2
    expect(res.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 2, total_tokens: 13 });
    expect(res.response_metadata.finish_reason).toBe("stop");

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.method).toBe("POST");
    expect(call.path).toBe("/v1/chat/completions");
    expect(call.stream).toBe(false);
    expect(call.responseStatus).toBe(200);
    expect(call.matchedBy).toBe("#0");
    expect(call.headers.authorization).toBe("Bearer sk-test");
    expect(call.body.model).toBe("gpt-4o-mini");
    expect(call.body.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: "What is the capital of France?" },
    ]);
  });

  it("uses usage and finishReason given by the reply", async () => {
    fake.addRules({
      reply: { content: "trunc", usage: { prompt_tokens: 100, completion_tokens: 7 }, finishReason: "length" },
    });
    const res = await model.invoke("hi");
    expect(res.usage_metadata).toMatchObject({ input_tokens: 100, output_tokens: 7, total_tokens: 107 });
    expect(res.response_metadata.finish_reason).toBe("length");
  });

  it("matches text inside array content parts (text + image_url)", async () => {
    fake.addRules({ match: { lastUser: /describe\s+the\s+picture/ }, reply: { content: "A cat." } });
    const res = await model.invoke([
      new HumanMessage({
        content: [
          { type: "text", text: "Please describe" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          { type: "text", text: "the picture" },
        ],
      }),
    ]);
    expect(res.content).toBe("A cat.");
  });

  it("matches on system, model, lastMessage and responseFormat", async () => {
    fake.addRules(
      {
        match: { system: "grader", model: /^gpt-4o/, responseFormat: "text", lastMessage: "go" },
        reply: { content: "matched" },
      },
      { reply: { content: "fallback" } },
    );
    const other = new ChatOpenAI({
      model: "other-model",
      apiKey: "sk-test",
      maxRetries: 0,
      configuration: { baseURL: fake.baseURL },
    });
    expect((await model.invoke([new SystemMessage("You are a grader."), new HumanMessage("go")])).content).toBe(
      "matched",
    );
    expect((await other.invoke([new SystemMessage("You are a grader."), new HumanMessage("go")])).content).toBe(
      "fallback",
    );
    expect((await model.invoke([new HumanMessage("go")])).content).toBe("fallback");
  });
});

describe("tool calls", () => {
  const getWeather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
    name: "get_weather",
    description: "Current weather for a city",
    schema: z.object({ city: z.string() }),
  });

  it("runs a 2-round tool loop", async () => {
    fake.addRules(
      // the later-added (prepended) rule wins once a tool result is present
      {
        match: { hasTools: true, toolNames: ["get_weather"] },
        reply: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
      },
    );
    fake.addRules({
      match: { lastTool: /Sunny in (\w+)/, lastRole: "tool" },
      reply: (call) => ({ content: `It is sunny (${call.body.messages?.length} msgs).` }),
    });

    const bound = model.bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage("Weather in Paris?")];
    const first = await bound.invoke(messages);
    expect(first.response_metadata.finish_reason).toBe("tool_calls");
    expect(first.content).toBe("");
    expect(first.tool_calls).toHaveLength(1);
    const tc = first.tool_calls![0]!;
    expect(tc).toMatchObject({ name: "get_weather", args: { city: "Paris" } });
    expect(tc.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(first.usage_metadata?.output_tokens).toBeGreaterThan(0);

    messages.push(first);
    messages.push(
      new ToolMessage({ content: await getWeather.invoke(tc.args as { city: string }), tool_call_id: tc.id! }),
    );
    const second = await bound.invoke(messages);
    expect(second.content).toBe("It is sunny (3 msgs).");
    expect(second.tool_calls).toEqual([]);

    const [c1, c2] = fake.calls;
    expect(c1!.body.tools?.[0]).toMatchObject({ type: "function", function: { name: "get_weather" } });
    const sent = c2!.body.messages!;
    expect(sent[1]).toMatchObject({
      role: "assistant",
      tool_calls: [{ id: tc.id, type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
    });
    expect(sent[2]).toMatchObject({ role: "tool", content: "Sunny in Paris", tool_call_id: tc.id });
  });

  it("sends several tool calls with text and string arguments verbatim", async () => {
    fake.addRules({
      reply: {
        content: "Checking two things.",
        toolCalls: [
          { name: "a", arguments: '{"x":1}', id: "call_fixed" },
          { name: "b", arguments: {} },
        ],
      },
    });
    const res = await model.invoke("x");
    expect(res.content).toBe("Checking two things.");
    expect(res.tool_calls).toMatchObject([
      { name: "a", args: { x: 1 }, id: "call_fixed" },
      { name: "b", args: {} },
    ]);
  });
});

describe("structured output", () => {
  const Verdict = z.object({ status: z.enum(["satisfied", "unsatisfied"]), reason: z.string() });

  it("answers json_schema requests; parsed object and raw usage come back", async () => {
    fake.addRules({
      match: { responseFormat: "json_schema", schemaName: "verdict" },
      reply: { json: { status: "satisfied", reason: "ok" } },
    });
    const structured = model.withStructuredOutput(Verdict, { name: "verdict", includeRaw: true });
    const out = await structured.invoke("Judge this.");
    expect(out.parsed).toEqual({ status: "satisfied", reason: "ok" });
    const raw = out.raw as AIMessage;
    expect(raw.usage_metadata).toMatchObject({
      input_tokens: 3,
      output_tokens: Math.ceil(JSON.stringify({ status: "satisfied", reason: "ok" }).length / 4),
    });
    const rf = fake.calls[0]!.body.response_format;
    expect(rf?.type).toBe("json_schema");
    expect(rf?.json_schema?.name).toBe("verdict");
    expect(rf?.json_schema?.schema).toMatchObject({
      type: "object",
      properties: { status: { enum: ["satisfied", "unsatisfied"] } },
    });
  });

  it("answers a forced-function request (method functionCalling) with a call to that function", async () => {
    fake.addRules({
      match: { schemaName: "verdict", hasTools: true },
      reply: { json: { status: "unsatisfied", reason: "no" } },
    });
    const structured = model.withStructuredOutput(Verdict, { name: "verdict", method: "functionCalling" });
    expect(await structured.invoke("Judge this.")).toEqual({ status: "unsatisfied", reason: "no" });
    expect(fake.calls[0]!.body.tool_choice).toMatchObject({ type: "function", function: { name: "verdict" } });
  });

  it("a JSON reply that fails the schema surfaces as an error (not retried)", async () => {
    fake.addRules({ reply: { json: { status: "maybe" } } });
    await expect(model.withStructuredOutput(Verdict, { name: "verdict" }).invoke("x")).rejects.toThrow();
    expect(fake.calls).toHaveLength(1);
  });
});

describe("rules", () => {
  it("first match wins; addRules prepends, appendRules appends; times limits a rule", async () => {
    fake.appendRules({ name: "catch-all", reply: { content: "catch-all" } });
    fake.addRules({ name: "twice", match: { lastUser: "q" }, reply: { content: "twice" }, times: 2 });
    fake.addRules({ name: "once", match: { lastUser: "q" }, reply: { content: "once" }, times: 1 });
    fake.appendRules({ name: "shadowed", match: { lastUser: "q" }, reply: { content: "never" } });
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) answers.push((await model.invoke("q")).content);
    expect(answers).toEqual(["once", "twice", "twice", "catch-all", "catch-all"]);
    expect(fake.calls.map((c) => c.matchedBy)).toEqual(["once", "twice", "twice", "catch-all", "catch-all"]);
  });

  it("a rule whose matcher is a predicate", async () => {
    fake.addRules(
      { match: (call) => (call.body.messages?.length ?? 0) > 1, reply: { content: "long" } },
      { reply: { content: "short" } },
    );
    expect((await model.invoke("a")).content).toBe("short");
    expect((await model.invoke([new HumanMessage("a"), new AIMessage("b"), new HumanMessage("c")])).content).toBe(
      "long",
    );
  });

  it("no match → 500 naming the last user message", async () => {
    fake.addRules({ match: { lastUser: "something else" }, reply: { content: "x" } });
    const err = await model.invoke("Please grade my README").catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500 });
    expect((err as Error).message).toContain(
      'no rule matched this request (last user message: "Please grade my README")',
    );
    expect(fake.calls[0]!.matchedBy).toBe("none");
    expect(fake.calls[0]!.responseStatus).toBe(500);
  });

  it("defaultReply answers when no rule matches; reset() clears calls and rules", async () => {
    const other = await startFakeOpenAI({
      defaultReply: { content: "default" },
      rules: [{ match: { lastUser: "r" }, reply: { content: "rule" } }],
    });
    try {
      const m = new ChatOpenAI({
        model: "gpt-4o-mini",
        apiKey: "sk-test",
        maxRetries: 0,
        configuration: { baseURL: other.baseURL },
      });
      expect((await m.invoke("r")).content).toBe("rule");
      expect((await m.invoke("x")).content).toBe("default");
      expect(other.calls.map((c) => c.matchedBy)).toEqual(["#0", "default"]);
      other.reset();
      expect(other.calls).toEqual([]);
      expect((await m.invoke("r")).content).toBe("default");
    } finally {
      await other.close();
    }
  });

  it("ids are deterministic for a seed", async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const f = await startFakeOpenAI({ seed: 7, defaultReply: { toolCalls: [{ name: "t", arguments: {} }] } });
      const m = new ChatOpenAI({
        model: "gpt-4o-mini",
        apiKey: "sk-test",
        maxRetries: 0,
        configuration: { baseURL: f.baseURL },
      });
      ids.push((await m.invoke("x")).tool_calls![0]!.id!);
      await f.close();
    }
    expect(ids[0]).toBe(ids[1]);
  });
});

describe("other routes", () => {
  it("GET /v1/models lists the models seen so far (or a default); unknown paths are 404 JSON", async () => {
    const empty = (await (await fetch(`${fake.baseURL}/models`)).json()) as { object: string; data: { id: string }[] };
    expect(empty.object).toBe("list");
    expect(empty.data.map((m) => m.id)).toEqual(["gpt-4o-mini"]);

    fake.addRules({ reply: { content: "x" } });
    const m2 = new ChatOpenAI({
      model: "judge-large",
      apiKey: "sk-test",
      maxRetries: 0,
      configuration: { baseURL: fake.baseURL },
    });
    await m2.invoke("x");
    const listed = (await (await fetch(`${fake.baseURL}/models`)).json()) as { data: { id: string; object: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(["judge-large"]);

    const notFound = await fetch(`${fake.baseURL}/responses`, { method: "POST", body: "{}" });
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { message: string } }).error.message).toContain(
      "unknown path POST /v1/responses",
    );
    expect(fake.calls.map((c) => [c.method, c.path, c.responseStatus])).toEqual([
      ["GET", "/v1/models", 200],
      ["POST", "/v1/chat/completions", 200],
      ["GET", "/v1/models", 200],
      ["POST", "/v1/responses", 404],
    ]);
  });

  it("a non-JSON request body gets a 400", async () => {
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      body: "nope",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(fake.calls[0]).toMatchObject({ rawBody: "nope", body: {}, responseStatus: 400 });
  });

  it("the raw response looks like OpenAI's", async () => {
    fake.addRules({ reply: { toolCalls: [{ name: "f", arguments: { a: 1 } }] } });
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ model: "m1", messages: [{ role: "user", content: "12345678" }] }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "m1",
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: expect.stringMatching(/^call_/), type: "function", function: { name: "f", arguments: '{"a":1}' } },
            ],
          },
        },
      ],
      // prompt: ceil(8 / 4); completion: ceil(("f" + '{"a":1}').length / 4) = ceil(8 / 4)
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClient, UsageMeter } from "../../../harness/llm/client.js";
import type { JudgeConfig } from "../../../harness/config/types.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai/server.js";

const config = {
  model: "gpt-4o-mini",
  temperature: 0,
  timeoutS: 30,
  maxTokens: 300,
  maxTokensOnCutOff: 900,
  prices: {},
} as unknown as JudgeConfig;
const schema = {
  name: "verdict",
  schema: {
    type: "object",
    properties: { status: { type: "string" } },
    required: ["status"],
    additionalProperties: false,
  },
};

describe("a reply cut off at the length limit", () => {
  let fake: FakeOpenAI;
  let client: LlmClient;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new LlmClient(
      config,
      { baseURL: fake.baseURL, apiKey: "sk-test" },
      { max: 2, baseDelayMs: 1, maxDelayMs: 5 },
    );
  });
  afterAll(() => fake.close());

  const ask = (retries: string[]) =>
    client.chat(
      { messages: [{ role: "user", content: "judge" }], schema },
      { meter: new UsageMeter(), onRetry: (i) => retries.push(i.reason) },
    );

  it("is asked again once with the larger max_tokens (judge.max_tokens_on_cut_off), and that reply is used", async () => {
    fake.reset();
    fake.addRules({ reply: { content: '{"status": "satisf', finishReason: "length" }, times: 1 });
    fake.addRules({ match: (c) => c.body.max_tokens === 900, reply: { content: '{"status":"satisfied"}' } });
    const retries: string[] = [];
    const r = await ask(retries);
    expect(r.json).toEqual({ status: "satisfied" });
    expect(fake.chatCalls.map((c) => c.body.max_tokens)).toEqual([300, 900]);
    expect(retries).toEqual([
      "the reply was cut off at the model's length limit (max_tokens 300); asking once more with max_tokens 900",
    ]);
  });

  it("cut off again, it becomes an error at once (no further retries)", async () => {
    fake.reset();
    fake.addRules({ reply: { content: '{"status": "sat', finishReason: "length" } });
    const e = await ask([]).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe("the reply was cut off at the model's length limit (max_tokens 900)");
    expect(fake.chatCalls).toHaveLength(2);
  });
});

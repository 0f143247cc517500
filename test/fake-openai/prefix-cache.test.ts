// The fake server's simulated prefix cache, seen through ChatOpenAI's usage_metadata.
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

let fake: FakeOpenAI;
let model: ChatOpenAI;
useFakeOpenAI((s) => ({ fake, model } = s));

// about 2,500 tokens of shared text (4 characters a token), made of distinct lines
const shared = Array.from(
  { length: 250 },
  (_, i) => `line ${i} of the shared context: the workspace tree and the task.`,
).join("\n");

async function ask(system: string, user: string) {
  const r = await model.invoke([new SystemMessage(system), new HumanMessage(user)]);
  return r.usage_metadata!;
}

describe("prefix caching", () => {
  it("reports nothing cached the first time, then the shared prefix in 128-token blocks", async () => {
    fake.addRules({ reply: { content: "ok" } });
    const first = await ask(shared, "requirement A: the model is trained");
    expect(first.input_token_details?.cache_read).toBe(0);
    const second = await ask(shared, "requirement B: the plot is saved");
    const cached = second.input_token_details!.cache_read!;
    expect(cached % 128).toBe(0);
    expect(cached).toBeGreaterThanOrEqual(1024);
    // everything up to the requirement, less at most one block
    expect(cached).toBeGreaterThan(second.input_tokens - 128 - 20);
    expect(cached).toBeLessThanOrEqual(second.input_tokens);
  });

  it("caches nothing when the prompts differ early, or are shorter than 1,024 tokens", async () => {
    fake.addRules({ reply: { content: "ok" } });
    await ask("short system", `requirement A\n${shared}`);
    expect((await ask("short system", `requirement B\n${shared}`)).input_token_details?.cache_read).toBe(0);
    await ask("tiny", "a");
    expect((await ask("tiny", "a")).input_token_details?.cache_read).toBe(0);
  });

  it("an identical prompt is cached up to its last whole block; reset() forgets", async () => {
    fake.addRules({ reply: { content: "ok" } });
    await ask(shared, "same");
    const again = await ask(shared, "same");
    expect(again.input_token_details!.cache_read).toBe(Math.floor(again.input_tokens / 128) * 128);
    fake.reset();
    fake.addRules({ reply: { content: "ok" } });
    expect((await ask(shared, "same")).input_token_details?.cache_read).toBe(0);
  });

  it("can be turned off", async () => {
    const off = await startFakeOpenAI({ prefixCache: false, defaultReply: { content: "ok" } });
    try {
      const m = new ChatOpenAI({
        model: "gpt-4o-mini",
        apiKey: "sk-test",
        maxRetries: 0,
        configuration: { baseURL: off.baseURL },
      });
      await m.invoke([new SystemMessage(shared), new HumanMessage("x")]);
      const r = await m.invoke([new SystemMessage(shared), new HumanMessage("y")]);
      expect(r.usage_metadata?.input_token_details?.cache_read).toBe(0);
    } finally {
      await off.close();
    }
  });
});

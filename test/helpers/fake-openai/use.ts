import { ChatOpenAI } from "@langchain/openai";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "./server.js";

export interface FakeOpenAIForTests {
  fake: FakeOpenAI;
  /** ChatOpenAI pointed at the server, LangChain's own retries off. */
  model: ChatOpenAI;
}

/**
 * One fake server for a test file: started before its tests, closed after them, its rules and
 * recorded calls reset after each test unless `resetAfterEach: false`. `onStart` gets the server
 * and a model, so a file can keep them in its own variables:
 *
 *   let fake: FakeOpenAI;
 *   let model: ChatOpenAI;
 *   useFakeOpenAI((s) => ({ fake, model } = s));
 */
export function useFakeOpenAI(onStart: (s: FakeOpenAIForTests) => void, opts: { resetAfterEach?: boolean } = {}): void {
  let fake: FakeOpenAI | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    onStart({
      fake,
      model: new ChatOpenAI({
        model: "gpt-4o-mini",
        apiKey: "sk-test",
        maxRetries: 0,
        configuration: { baseURL: fake.baseURL },
      }),
    });
  });
  if (opts.resetAfterEach ?? true) afterEach(() => fake?.reset());
  afterAll(() => fake?.close());
}

// The model client alone, in a process of its own (plain JavaScript, so no TypeScript loader adds
// to its CPU): `calls` chat calls through devjudge's ChatModel (ChatOpenAI over its node:http
// fetch; the compiled bundle a run loads) against the same fake server, with prompts of the run's
// average size and structured output. Prints its CPU time, module loading included: the part of a
// judging run's CPU that is LangChain, the OpenAI SDK and HTTP.
import { setMaxListeners } from "node:events";
import { ChatModel } from "../../dist/harness/llm/chat-model.js";
import { VERDICT_SCHEMA } from "../../dist/judges/verdict-schema.js";

const [baseURL, callsArg, charsArg, concurrencyArg] = process.argv.slice(2);
const calls = Number(callsArg);
const chars = Number(charsArg);
const concurrency = Number(concurrencyArg);
const model = new ChatModel(
  { model: "bench-model", temperature: 0, timeoutS: 60 },
  { baseURL, apiKey: "sk-bench" },
  concurrency,
);
const run = new AbortController();
setMaxListeners(0, run.signal);
const system = "You judge whether a coding agent met one requirement. ".repeat(8);
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < calls) {
      const i = next++;
      const user = `Requirement ${i}: ${"x".repeat(Math.max(0, chars - system.length - 20))}`;
      await model.invoke(
        {
          messages: [
            { role: "system", content: system },
            { role: "user", content: user },
          ],
          schema: { name: "verdict", schema: VERDICT_SCHEMA },
        },
        run.signal,
      );
    }
  }),
);
const u = process.resourceUsage();
console.log(JSON.stringify({ calls, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));

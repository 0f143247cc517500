// Bundles the model client (ChatOpenAI, the OpenAI SDK, LangChain core, zod) into one file over
// tsc's dist/harness/llm/chat-model.js. Loaded as hundreds of ES modules, LangChain took about
// 0.5 s of CPU at the first model call of every run; as one file, about 0.1 s. Only this module is
// bundled: it is loaded on the first cache miss (harness/llm/client.ts) and nothing else imports it.
import { build } from "esbuild";

await build({
  entryPoints: ["harness/llm/chat-model.ts"],
  outfile: "dist/harness/llm/chat-model.js",
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins
  banner: { js: 'import { createRequire as __devjudgeRequire } from "node:module"; const require = __devjudgeRequire(import.meta.url);' },
});

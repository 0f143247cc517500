// Bundles the two heavy modules devjudge loads only when it needs them, each into one file over
// tsc's output in dist/. As hundreds of ES modules they took, at every run that used them:
// - harness/llm/chat-model.ts (ChatOpenAI, the OpenAI SDK, LangChain core, zod), loaded at the first
//   model call that misses the cache: 465 ms wall / 578 ms CPU, bundled 114 / 116 ms;
// - harness/display/ink/ink-display.tsx (Ink, React, Yoga), loaded for --ui ink: 630 / 837 ms.
// Nothing else imports them, so each is the only copy of its dependencies in the process.
import { build } from "esbuild";

/** Ink imports react-devtools-core only when DEV=true; it is not installed, so that import gets a no-op. */
const noDevtools = {
  name: "no-react-devtools",
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: "react-devtools-core", namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents: "export default { initialize() {}, connectToDevTools() {} };",
    }));
  },
};

for (const [entry, out] of [
  ["harness/llm/chat-model.ts", "dist/harness/llm/chat-model.js"],
  ["harness/display/ink/ink-display.tsx", "dist/harness/display/ink/ink-display.js"],
]) {
  await build({
    entryPoints: [entry],
    outfile: out,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    jsx: "automatic",
    sourcemap: true,
    logLevel: "warning",
    plugins: [noDevtools],
    // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins
    banner: {
      js:
        'import { createRequire as __devjudgeRequire } from "node:module"; ' +
        "const require = __devjudgeRequire(import.meta.url);",
    },
  });
}

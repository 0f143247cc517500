/**
 * Profiles one judging run: `tsx bench/profile-run.ts [concurrency]` writes a CPU profile of the
 * devjudge process (node --cpu-prof) for a DevAI-sized synthetic run against the fake server, and
 * prints the functions that took the most time.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { startFakeOpenAI } from "../test/helpers/fake-openai/server.js";
import { scriptedJudgeRules } from "../test/helpers/scripted-judge.js";
import { writeSyntheticProject } from "./lib/synthetic.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const concurrency = process.argv[2] ?? "8";
const work = await mkdtemp(join(tmpdir(), "devjudge-prof-"));
await writeSyntheticProject(join(work, "project"));
const fake = await startFakeOpenAI({ rules: scriptedJudgeRules(), latencyMs: Number(process.env.LATENCY_MS ?? 50) });
// CACHED=1 profiles a re-run answered from the response cache (the first run fills it, unprofiled)
const cached = !!process.env.CACHED;
const runArgs = (out: string) => [
  join(root, "dist/harness/cli/main.js"),
  "run",
  "--config",
  join(work, "project/devjudge.yaml"),
  ...(cached ? [] : ["--no-cache"]),
  "--concurrency",
  concurrency,
  "--candidate-concurrency",
  "8",
  "--output",
  join(work, out),
];
const env = { OPENAI_API_KEY: "sk-prof", OPENAI_BASE_URL: fake.baseURL, CI: "true" };
if (cached) await execa("node", runArgs("fill"), { env });
const started = performance.now();
await execa("node", ["--cpu-prof", `--cpu-prof-dir=${join(work, "prof")}`, ...runArgs("out")], { env });
console.log(`wall ${((performance.now() - started) / 1000).toFixed(1)} s, ${fake.chatCalls.length} calls`);
await fake.close();
const file = (await readdir(join(work, "prof")))[0]!;
type Frame = { functionName: string; url: string; lineNumber: number };
const prof = JSON.parse(await readFile(join(work, "prof", file), "utf8")) as {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const frame = (id: number) => byId.get(id)!.callFrame;
const frameKey = (f: Frame) =>
  `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}`;
/** The first frame from the sample's own up to the root that `stop` accepts. */
const climb = (sample: number, stop: (f: Frame) => boolean) => {
  let id: number | undefined = sample;
  while (id !== undefined && !stop(frame(id))) id = parent.get(id);
  return id === undefined ? undefined : frame(id);
};
/** Sampled time summed by `keyOf` (a sample it gives no key is left out), the largest `top` printed. */
function printBy(title: string, keyOf: (sample: number) => string | undefined, top: number) {
  const sums = new Map<string, number>();
  prof.samples.forEach((s, i) => {
    const key = keyOf(s);
    if (key !== undefined) sums.set(key, (sums.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  if (title) console.log(`\n${title}:`);
  for (const [k, us] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

printBy("", (s) => frameKey(frame(s)), 25);
// node internals: which functions (and who called them), when asked
if (process.env.INTERNALS) {
  printBy(
    "node internals, by the first caller outside node",
    (s) => {
      const own = frame(s);
      if ((own.url && !own.url.startsWith("node:")) || own.functionName.startsWith("(")) return undefined;
      const caller = climb(s, (f) => !!f.url && !f.url.startsWith("node:"));
      return caller && frameKey(caller);
    },
    15,
  );
}
// inclusive time by the innermost devjudge frame on the stack (which of our functions the time is spent for)
if (process.env.BY_CALLER) {
  printBy(
    "by the innermost devjudge frame",
    (s) => {
      const mine = climb(s, (f) => f.url.includes("/dist/") && !f.url.includes("node_modules"));
      return mine ? frameKey(mine) : `(no devjudge frame) ${frame(s).functionName}`;
    },
    30,
  );
}
// the same time by where the code lives
printBy(
  "by package",
  (s) => {
    const url = frame(s).url;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    // the bundles of scripts/bundle-lazy-modules.mjs hold their packages under our own dist/
    if (url.endsWith("/llm/chat-model.js")) return "model client bundle (ChatOpenAI, openai, LangChain)";
    if (url.endsWith("/ink/ink-display.js")) return "Ink display bundle";
    return m
      ? m[1]!
      : url.includes("/dist/")
        ? "devjudge"
        : url.startsWith("node:")
          ? "node internals"
          : url
            ? url
            : "(native / idle / gc)";
  },
  12,
);
await rm(work, { recursive: true, force: true });

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
const runArgs = (out: string) => [join(root, "dist/harness/cli/main.js"), "run", "--config", join(work, "project/devjudge.yaml"), ...(cached ? [] : ["--no-cache"]), "--concurrency", concurrency, "--candidate-concurrency", "8", "--output", join(work, out)];
const env = { OPENAI_API_KEY: "sk-prof", OPENAI_BASE_URL: fake.baseURL, CI: "true" };
if (cached) await execa("node", runArgs("fill"), { env });
const started = performance.now();
await execa("node", ["--cpu-prof", `--cpu-prof-dir=${join(work, "prof")}`, ...runArgs("out")], { env });
console.log(`wall ${((performance.now() - started) / 1000).toFixed(1)} s, ${fake.chatCalls.length} calls`);
await fake.close();
const file = (await readdir(join(work, "prof")))[0]!;
const prof = JSON.parse(await readFile(join(work, "prof", file), "utf8")) as { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
prof.samples.forEach((s, i) => {
  const f = byId.get(s)!.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
// the same time by where the code lives
const byPackage = new Map<string, number>();
prof.samples.forEach((s, i) => {
  const url = byId.get(s)!.callFrame.url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  const key = m ? m[1]! : url.includes("/dist/") ? "devjudge" : url.startsWith("node:") ? "node internals" : url ? url : "(native / idle / gc)";
  byPackage.set(key, (byPackage.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
// node internals: which functions (and who called them), when asked
if (process.env.INTERNALS) {
  const parent = new Map<number, number>();
  for (const n of prof.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parent.set(c, n.id);
  const callers = new Map<string, number>();
  prof.samples.forEach((s, i) => {
    let id: number | undefined = s;
    // climb to the first frame outside node: internals
    while (id !== undefined && (byId.get(id)!.callFrame.url.startsWith("node:") || !byId.get(id)!.callFrame.url)) id = parent.get(id);
    const own = byId.get(s)!.callFrame;
    if (id === undefined || (own.url && !own.url.startsWith("node:")) || own.functionName.startsWith("(")) return;
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}`;
    callers.set(key, (callers.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  console.log("\nnode internals, by the first caller outside node:");
  for (const [k, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}
// inclusive time by the innermost devjudge frame on the stack (which of our functions the time is spent for)
if (process.env.BY_CALLER) {
  const parent = new Map<number, number>();
  for (const n of prof.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parent.set(c, n.id);
  const mine = new Map<string, number>();
  prof.samples.forEach((s, i) => {
    let id: number | undefined = s;
    while (id !== undefined && !(byId.get(id)!.callFrame.url.includes("/dist/") && !byId.get(id)!.callFrame.url.includes("node_modules"))) id = parent.get(id);
    const f = id === undefined ? undefined : byId.get(id)!.callFrame;
    const key = f ? `${f.functionName} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}` : `(no devjudge frame) ${byId.get(s)!.callFrame.functionName}`;
    mine.set(key, (mine.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  console.log("\nby the innermost devjudge frame:");
  for (const [k, us] of [...mine].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}
console.log("\nby package:");
for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
await rm(work, { recursive: true, force: true });

// Runs in its own process so its peak memory is its own: tree, index and search over a big
// workspace, with the compiled code (dist/, as `devjudge run` uses it; `npm run bench` builds first).
import { QUERY_WORDS } from "./big-workspace.js";

const dist = new URL("../../dist/judges/agent/tools/", import.meta.url);
const { scanWorkspace } = (await import(
  new URL("scan.js", dist).href
)) as typeof import("../../judges/agent/tools/scan.js");
const { buildSearchIndex } = (await import(
  new URL("search.js", dist).href
)) as typeof import("../../judges/agent/tools/search.js");
const { renderTree } = (await import(
  new URL("tree.js", dist).href
)) as typeof import("../../judges/agent/tools/tree.js");

const root = process.argv[2]!;
const t0 = performance.now();
const { entries } = await scanWorkspace(root);
renderTree(entries);
const t1 = performance.now();
const index = await buildSearchIndex(root, entries);
const t2 = performance.now();
// queries like a criterion: a sentence of ordinary words around two or three identifiers of the workspace
const times: number[] = [];
let hits = 0;
for (let i = 0; i < 400; i++) {
  const w = (k: number) => QUERY_WORDS[(i * 37 + k * 101) % QUERY_WORDS.length];
  const s = performance.now();
  hits += (
    await index.search(`The ${w(1)} function in the module is used to compute the ${w(2)} and ${w(3)} results`, 8)
  ).length;
  times.push(performance.now() - s);
}
index.close();
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(
  JSON.stringify({
    files: entries.filter((e) => !e.isDir).length,
    treeMs: t1 - t0,
    indexMs: t2 - t1,
    indexedFiles: index.files,
    chunks: index.chunks,
    hitsPerQuery: hits / times.length,
    searchP50Ms: pct(0.5),
    searchP99Ms: pct(0.99),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);

/**
 * The run history's figures (issue 15): `npx tsx bench/history.ts` after `npm run build`.
 * - recording a DevAI-sized run (55 tasks × 366 requirements × 3 candidates) into SQLite: < 1 s
 * - `history` over 365 such runs: < 300 ms
 * - the trends page of 365 runs rendered in Chromium: < 2 s
 * Each figure is the median of a few tries on this machine; a missed target is printed as missed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { execa } from "execa";
import { buildRecord, configFromJournal } from "../harness/history/build-record.js";
import { openHistory } from "../harness/history/open-db.js";
import { listRuns, recordRun } from "../harness/history/store.js";
import { flakyRequirements } from "../harness/history/flaky.js";
import { writeTrendsPage } from "../harness/history/trends/write-trends.js";
import type { RunRecord } from "../harness/history/types.js";
import { readReport } from "../harness/report/write-reports.js";
import { launchChromium } from "../test/helpers/browser.js";
import { writeSyntheticProject } from "./lib/synthetic.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/harness/cli/main.js");
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 365);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: [string, string, string, string][] = [];
const row = (what: string, ms: number, target?: number) =>
  rows.push([
    what,
    `${ms.toFixed(0)} ms`,
    target ? `< ${target} ms` : "",
    target ? (ms < target ? "met" : "MISSED") : "",
  ]);

const dir = await mkdtemp(join(tmpdir(), "devjudge-bench-history-"));
await writeSyntheticProject(dir);
await execa(
  "node",
  [
    cli,
    "run",
    "--config",
    join(dir, "devjudge.yaml"),
    "--judge",
    "static",
    "--no-history",
    "--output",
    join(dir, "run"),
  ],
  { cwd: dir, env: { CI: "true" } },
);
const report = await readReport(join(dir, "run"));
const config = configFromJournal(join(dir, "run"));
const verdicts = report.candidates.reduce((n, c) => n + c.tasks.reduce((m, t) => m + t.requirements.length, 0), 0);
console.log(
  `a DevAI-sized run: ${report.suite.tasks.length} tasks, ${report.candidates.length} candidates, ` +
    `${verdicts} requirement verdicts`,
);

// 1. recording one run into SQLite (a fresh file: open + migrate + the transaction)
const recordMs: number[] = [];
const buildMs: number[] = [];
let record!: RunRecord;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  record = await buildRecord({ report, runDir: join(dir, "run"), config, base: dir });
  buildMs.push(performance.now() - t0);
  const t1 = performance.now();
  const h = await openHistory(join(dir, `one-${i}.db`));
  await recordRun(h, { ...record, runId: `one-${i}` });
  await h.close();
  recordMs.push(performance.now() - t1);
}
row("record a DevAI-sized run into a new SQLite file (open, migrate, write)", median(recordMs), 1000);
row("  reading the report and the saved workspace hashes (buildRecord)", median(buildMs));

// 2. 365 nightly runs; a few verdicts change each night
const db = join(dir, "history.db");
const h = await openHistory(db);
const statuses = ["satisfied", "unsatisfied", "undecided"] as const;
const t0 = performance.now();
for (let n = 0; n < RUNS; n++) {
  const day = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
  await recordRun(h, {
    ...record,
    runId: `night-${String(n).padStart(3, "0")}`,
    startedAt: day,
    finishedAt: day,
    gitBranch: "main",
    candidates: record.candidates.map((c, ci) => ({
      ...c,
      figures: {
        ...c.figures,
        reqMetI: (n * 7 + ci * 13) % 100,
        reqMetD: (n * 5 + ci * 11) % 100,
        solveRate: (n * 3 + ci) % 40,
      },
      verdicts: c.verdicts.map((v, vi) => ({ ...v, status: statuses[(vi * 31 + n * (vi % 5 === 0 ? 1 : 0)) % 3]! })),
    })),
  });
}
console.log(`recorded ${RUNS} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const listMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await listRuns(h);
  listMs.push(performance.now() - t);
}
row(`history over ${RUNS} runs (the query, in process)`, median(listMs), 300);
const cliMs: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await execa("node", [cli, "history", "--db", db, "--json"], { stdout: "ignore" });
  cliMs.push(performance.now() - t);
}
const startMs: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await execa("node", [cli, "--version"], { stdout: "ignore" });
  startMs.push(performance.now() - t);
}
row(`devjudge history --json over ${RUNS} runs (whole CLI process)`, median(cliMs));
row("  of which Node + CLI start-up (devjudge --version)", median(startMs));

// 3. the trends page of 365 runs in Chromium
let ft = performance.now();
const flaky = await flakyRequirements(h, 3, undefined, 60);
row(`history flaky over the newest 60 runs, the default (${flaky.length} flaky requirements)`, performance.now() - ft);
ft = performance.now();
await flakyRequirements(h, 3);
row(`history flaky over all ${RUNS} runs`, performance.now() - ft);
const page = await writeTrendsPage(join(dir, "trends"), await listRuns(h), flaky);
await h.close();
const browser = await launchChromium();
const renderMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const p = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const t = performance.now();
  await p.goto(pathToFileURL(page).href);
  await p.waitForFunction(() => (window as unknown as { __trends?: { ready: boolean } }).__trends?.ready === true);
  renderMs.push(performance.now() - t);
  await p.close();
}
await browser.close();
row(`trends page of ${RUNS} runs rendered in Chromium (load to charts drawn)`, median(renderMs), 2000);
row("  the fastest of the tries", Math.min(...renderMs));

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
console.log(
  `\n${rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "))
    .join("\n")}`,
);
console.log(
  `load average at the end: ${(await import("node:os"))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")} (2 cores)`,
);
await rm(dir, { recursive: true, force: true });

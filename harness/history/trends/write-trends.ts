import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { FlakyRequirement } from "../flaky.js";
import type { RunSummary } from "../types.js";
import { trendsHtml, type TrendsData } from "./trends-html.js";

let chartJs: Promise<string> | undefined;

/** Chart.js's UMD build, inlined into the page so it works offline and as a single file. */
function chartJsSource(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("chart.js"); // …/chart.js/dist/chart.cjs
  chartJs ??= readFile(join(dirname(entry), "chart.umd.min.js"), "utf8");
  return chartJs;
}

/** The page's data: runs oldest first, each run's report linked relative to the page. */
export function trendsData(runs: RunSummary[], flaky: FlakyRequirement[], outDir: string): TrendsData {
  const ordered = [...runs].reverse();
  const names = [...new Set(ordered.flatMap((r) => r.candidates.map((c) => c.name)))].sort();
  return {
    generatedAt: new Date().toISOString(),
    runs: ordered.map((r) => ({
      runId: r.runId,
      startedAt: r.startedAt,
      branch: r.gitBranch,
      commit: r.gitCommit,
      link: r.runDir ? relative(outDir, join(r.runDir, "index.html")).split("\\").join("/") : null,
    })),
    candidates: names.map((name) => {
      const at = (r: RunSummary) => r.candidates.find((c) => c.name === name);
      const series = (f: (c: RunSummary["candidates"][number]) => number) =>
        ordered.map((r) => (at(r) ? f(at(r)!) : null));
      return {
        name,
        reqMetI: series((c) => c.reqMetI),
        reqMetD: series((c) => c.reqMetD),
        solveRate: series((c) => c.solveRate),
        cost: series((c) => c.cost),
        coverage: series((c) =>
          c.coverage.total ? Math.round((10000 * c.coverage.judged) / c.coverage.total) / 100 : 0,
        ),
      };
    }),
    flaky: flaky.slice(0, 200).map((f) => ({
      requirement: `${f.candidate}/${f.task}#${f.requirement}`,
      flipRate: f.flipRate,
      flips: f.noiseFlips,
      comparable: f.comparable,
      passK: f.passK,
    })),
  };
}

/** Writes `<outDir>/index.html`: one self-contained page (no network) with the trends and the flaky list. */
export async function writeTrendsPage(outDir: string, runs: RunSummary[], flaky: FlakyRequirement[]): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, "index.html");
  await writeFileAtomic(file, trendsHtml(trendsData(runs, flaky, outDir), await chartJsSource()));
  return file;
}

import { table } from "../display/summary.js";
import type { RunSummary } from "./types.js";
import { formatSeconds } from "../util/format.js";

type Cand = RunSummary["candidates"][number];

/** Each run's candidates with the change of Req met (I) from that candidate's previous run (runs newest first). */
export function withChanges(runs: RunSummary[]): { run: RunSummary; cand: Cand; prev?: Cand }[] {
  const out: { run: RunSummary; cand: Cand; prev?: Cand }[] = [];
  runs.forEach((run, i) => {
    for (const cand of run.candidates) {
      const older = runs.slice(i + 1).find((r) => r.candidates.some((c) => c.name === cand.name));
      out.push({ run, cand, prev: older?.candidates.find((c) => c.name === cand.name) });
    }
  });
  return out;
}

const pct = (judged: number, total: number) => (total ? `${((100 * judged) / total).toFixed(1)}%` : "-");
const delta = (now: number, before?: number) =>
  before === undefined ? "" : `${now - before >= 0 ? "+" : ""}${(now - before).toFixed(2)}`;

export function historyTable(runs: RunSummary[], shown: number): string[] {
  const rows = withChanges(runs)
    .filter(({ run }) => runs.indexOf(run) < shown)
    .map(({ run, cand, prev }) => [
      run.runId,
      run.startedAt.slice(0, 16).replace("T", " "),
      [run.gitBranch, run.gitCommit?.slice(0, 8)].filter(Boolean).join("@") || "-",
      cand.name,
      cand.reqMetI.toFixed(2),
      delta(cand.reqMetI, prev?.reqMetI),
      cand.reqMetD.toFixed(2),
      delta(cand.reqMetD, prev?.reqMetD),
      cand.solveRate.toFixed(2),
      pct(cand.coverage.judged, cand.coverage.total),
      cand.cost.toFixed(4),
      formatSeconds(cand.timeMs),
    ]);
  return table(
    [
      "run",
      "started (UTC)",
      "branch@commit",
      "candidate",
      "Req (I)",
      "Δ",
      "Req (D)",
      "Δ",
      "solved",
      "coverage",
      "cost $",
      "time",
    ],
    rows,
  );
}

/** `devjudge history --json`: the documented shape, newest first. */
export function historyJson(runs: RunSummary[]) {
  return {
    runs: runs.map((r) => ({
      runId: r.runId,
      startedAt: r.startedAt,
      candidates: r.candidates.map((c) => ({
        name: c.name,
        reqMetI: c.reqMetI,
        reqMetD: c.reqMetD,
        solveRate: c.solveRate,
        coverage: c.coverage,
        cost: c.cost,
      })),
    })),
  };
}

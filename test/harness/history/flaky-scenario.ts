import { expect } from "vitest";
import { flakyRequirements } from "../../../harness/history/flaky.js";
import type { HistoryDb } from "../../../harness/history/open-db.js";
import { recordRun } from "../../../harness/history/store.js";
import type { RunRecord, VerdictRecord } from "../../../harness/history/types.js";

type S = VerdictRecord["status"];
const verdict = (requirement: string, status: S, workspaceHash: string, votes: S[] | null = null): VerdictRecord => ({
  task: "t",
  requirement,
  status,
  confidence: 1,
  votes,
  inputTokens: 0,
  outputTokens: 0,
  cost: 0,
  durationMs: 0,
  workspaceHash,
});

function run(n: number, judgeHash: string, verdicts: VerdictRecord[]): RunRecord {
  const at = new Date(Date.UTC(2026, 0, n)).toISOString();
  const figures = {
    reqMetI: 0,
    reqMetD: 0,
    solveRate: 0,
    coverage: { judged: 2, total: 2 },
    cost: 0,
    inputTokens: 0,
    outputTokens: 0,
    timeMs: 0,
  };
  return {
    runId: `night-${n}`,
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    gitCommit: null,
    gitBranch: "main",
    suiteHash: "suite",
    judgeHash,
    judge: { name: "llm", promptVersion: "1" },
    devjudgeVersion: "1",
    runDir: null,
    shard: null,
    candidates: [{ name: "c", kind: "dir", identity: {}, figures, verdicts }],
  };
}

/**
 * Four nights, the judge voting three times: #0 flips once on the same work (noise), then with the
 * work (agent); #1 flips with the work, then with the judge — never noise.
 */
export async function checkFlakyScenario(h: HistoryDb) {
  await recordRun(
    h,
    run(1, "J", [
      verdict("0", "satisfied", "W1", ["satisfied", "satisfied", "unsatisfied"]),
      verdict("1", "satisfied", "W1"),
    ]),
  );
  await recordRun(
    h,
    run(2, "J", [
      verdict("0", "unsatisfied", "W1", ["unsatisfied", "satisfied", "unsatisfied"]),
      verdict("1", "satisfied", "W1"),
    ]),
  );
  await recordRun(
    h,
    run(3, "J", [
      verdict("0", "satisfied", "W2", ["satisfied", "satisfied", "satisfied"]),
      verdict("1", "unsatisfied", "W2"),
    ]),
  );
  await recordRun(
    h,
    run(4, "J2", [
      verdict("0", "satisfied", "W2", ["satisfied", "satisfied", "satisfied"]),
      verdict("1", "satisfied", "W2"),
    ]),
  );
  const flaky = await flakyRequirements(h, 2);
  expect(flaky).toHaveLength(1);
  const [f] = flaky;
  expect(f).toMatchObject({
    candidate: "c",
    task: "t",
    requirement: "0",
    runs: 4,
    comparable: 1,
    noiseFlips: 1,
    flipRate: 1,
    flips: { agent: 1, judge: 0, noise: 1, unknown: 0 },
    trials: 6,
  });
  // the largest group (W1 by J): 6 votes, 3 satisfied → C(3,2)/C(6,2)
  expect(f!.passK).toBeCloseTo(3 / 15);
  expect(await flakyRequirements(h, 2, "someone-else")).toEqual([]);
  // over the newest three runs the only noise flip (nights 1 → 2) is out of sight
  expect(await flakyRequirements(h, 2, undefined, 3)).toEqual([]);
  expect(await flakyRequirements(h, 2, undefined, 4)).toHaveLength(1);
}

import { sql } from "kysely";
import type { ChangeClass } from "./classify.js";
import type { HistoryDb } from "./open-db.js";
import { requirementKey } from "../core/keys.js";

export interface FlakyRequirement {
  candidate: string;
  task: string;
  requirement: string;
  /** Whole runs that judged it. */
  runs: number;
  /** Consecutive runs with the same workspace and judge. */
  comparable: number;
  /** Of those, how many changed verdict (class c). */
  noiseFlips: number;
  /** noiseFlips / comparable, 0..1. */
  flipRate: number;
  /** Verdict changes between consecutive runs, by class. */
  flips: Record<ChangeClass, number>;
  /**
   * Estimated chance that k independent judgments of the same work all say satisfied (null when
   * fewer than k trials).
   */
  passK: number | null;
  /** Trials behind passK: the votes (or verdicts) of the largest group of runs on one workspace by one judge. */
  trials: number;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** pass^k from c successes in n trials: C(c,k)/C(n,k), the unbiased estimate (as in tau-bench). */
export function passHatK(successes: number, trials: number, k: number): number | null {
  if (trials < k || k < 1) return null;
  return choose(successes, k) / choose(trials, k);
}

interface PairRow {
  candidate: string;
  task: string;
  requirement: string;
  runs: number | string;
  agent: number | string;
  judge: number | string;
  noise: number | string;
  unknown: number | string;
  comparable: number | string;
}

interface TrialRow {
  candidate: string;
  task: string;
  requirement: string;
  trials: number | string;
  successes: number | string;
}

/**
 * Flip counts by class for every requirement, computed in the database (a window over each
 * requirement's runs, oldest first): over a year of nightly DevAI-sized runs that is ~400k rows,
 * which the engine walks far faster than a client would.
 */
/** Only the verdicts of whole runs, of one candidate if given, of the newest `lastRuns` runs if given. */
function scope(candidate?: string, lastRuns?: number) {
  const onlyCandidate = candidate ? sql`AND v.candidate = ${candidate}` : sql``;
  const recent = lastRuns
    ? sql`AND v.run_id IN (SELECT x.run_id FROM (
        SELECT run_id FROM runs WHERE shard IS NULL ORDER BY started_at DESC, run_id DESC LIMIT ${lastRuns}
      ) x)`
    : sql``;
  return sql`r.shard IS NULL ${onlyCandidate} ${recent}`;
}

async function pairStats(h: HistoryDb, where: ReturnType<typeof scope>): Promise<PairRow[]> {
  const same = sql`s.prev_status IS NOT NULL AND s.workspace_hash IS NOT NULL AND s.prev_ws IS NOT NULL
    AND s.workspace_hash = s.prev_ws AND s.judge_hash = s.prev_judge AND s.suite_hash = s.prev_suite`;
  const agent = sql`s.workspace_hash IS NOT NULL AND s.prev_ws IS NOT NULL AND s.workspace_hash <> s.prev_ws`;
  const judge = sql`(s.judge_hash <> s.prev_judge OR s.suite_hash <> s.prev_suite)`;
  const flipped = sql`s.prev_status IS NOT NULL AND s.status <> s.prev_status`;
  const { rows } = await sql<PairRow>`
    SELECT * FROM (
      SELECT s.candidate, s.task, s.requirement, COUNT(*) AS runs,
        SUM(CASE WHEN ${flipped} AND ${agent} THEN 1 ELSE 0 END) AS agent,
        SUM(CASE WHEN ${flipped} AND NOT (${agent}) AND ${judge} THEN 1 ELSE 0 END) AS judge,
        SUM(CASE WHEN ${flipped} AND ${same} THEN 1 ELSE 0 END) AS noise,
        SUM(CASE WHEN ${flipped} AND NOT (${agent}) AND NOT ${judge} AND NOT (${same}) THEN 1 ELSE 0 END) AS unknown,
        SUM(CASE WHEN ${same} THEN 1 ELSE 0 END) AS comparable
      FROM (
        SELECT v.candidate, v.task, v.requirement, v.status, v.workspace_hash, r.judge_hash, r.suite_hash,
          LAG(v.status) OVER w AS prev_status, LAG(v.workspace_hash) OVER w AS prev_ws,
          LAG(r.judge_hash) OVER w AS prev_judge, LAG(r.suite_hash) OVER w AS prev_suite
        FROM verdicts v JOIN runs r ON r.run_id = v.run_id
        WHERE ${where}
        WINDOW w AS (PARTITION BY v.candidate, v.task, v.requirement ORDER BY r.started_at, v.run_id)
      ) s
      GROUP BY s.candidate, s.task, s.requirement
    ) t WHERE t.noise > 0`.execute(h.db);
  return rows;
}

/**
 * Trials of each requirement in its largest group of runs on one workspace by one judge: each
 * vote counts when the judge voted (votes are a JSON array of statuses: counted by text, in SQL,
 * so both back ends do it alike), else the run's verdict.
 */
async function trialStats(h: HistoryDb, where: ReturnType<typeof scope>): Promise<TrialRow[]> {
  const votes = sql`(LENGTH(v.votes_json) - LENGTH(REPLACE(v.votes_json, ',', '')) + 1)`;
  const satisfiedVotes = sql`((LENGTH(v.votes_json) - LENGTH(REPLACE(v.votes_json, '"satisfied"', ''))) / 11)`;
  const { rows } = await sql<TrialRow>`
    SELECT b.candidate, b.task, b.requirement, b.trials, b.successes FROM (
      SELECT g.*,
        ROW_NUMBER() OVER (PARTITION BY g.candidate, g.task, g.requirement ORDER BY g.trials DESC) AS biggest
      FROM (
        SELECT v.candidate, v.task, v.requirement,
          SUM(CASE WHEN v.votes_json IS NULL THEN 1 ELSE ${votes} END) AS trials,
          SUM(CASE WHEN v.votes_json IS NULL THEN (CASE WHEN v.status = 'satisfied' THEN 1 ELSE 0 END)
            ELSE ${satisfiedVotes} END) AS successes
        FROM verdicts v JOIN runs r ON r.run_id = v.run_id
        WHERE v.workspace_hash IS NOT NULL AND ${where}
        GROUP BY v.candidate, v.task, v.requirement, v.workspace_hash, r.judge_hash, r.suite_hash
      ) g
    ) b WHERE b.biggest = 1`.execute(h.db);
  return rows;
}

/**
 * The requirements whose verdict changed with nothing changed (class c), most often flipping first;
 * over the newest `lastRuns` runs when given.
 */
export async function flakyRequirements(
  h: HistoryDb,
  k: number,
  candidate?: string,
  lastRuns?: number,
): Promise<FlakyRequirement[]> {
  const where = scope(candidate, lastRuns);
  const pairs = await pairStats(h, where);
  if (!pairs.length) return [];
  const largest = new Map<string, TrialRow>();
  for (const t of await trialStats(h, where)) largest.set(requirementKey(t), t);
  return pairs
    .map((p): FlakyRequirement => {
      const t = largest.get(requirementKey(p));
      const trials = Number(t?.trials ?? 0);
      const noise = Number(p.noise);
      const comparable = Number(p.comparable);
      return {
        candidate: p.candidate,
        task: p.task,
        requirement: p.requirement,
        runs: Number(p.runs),
        comparable,
        noiseFlips: noise,
        flipRate: comparable ? noise / comparable : 0,
        flips: { agent: Number(p.agent), judge: Number(p.judge), noise, unknown: Number(p.unknown) },
        passK: passHatK(Number(t?.successes ?? 0), trials, k),
        trials,
      };
    })
    .sort(
      (a, b) =>
        b.flipRate - a.flipRate ||
        b.noiseFlips - a.noiseFlips ||
        a.candidate.localeCompare(b.candidate) ||
        a.task.localeCompare(b.task) ||
        a.requirement.localeCompare(b.requirement, undefined, { numeric: true }),
    );
}

import type { VerdictStatus } from "../../judges/types.js";
import { classify, type ChangeClass } from "./classify.js";
import type { VerdictRow } from "./store.js";

export interface FlakyRequirement {
  candidate: string;
  task: string;
  requirement: string;
  /** Consecutive runs with the same workspace and judge. */
  comparable: number;
  /** Of those, how many changed verdict (class c). */
  noiseFlips: number;
  /** noiseFlips / comparable, 0..1. */
  flipRate: number;
  /** Flips by class over all consecutive runs. */
  flips: Record<ChangeClass, number>;
  statuses: VerdictStatus[];
  /** Estimated chance that k independent judgments of the same work all say satisfied (null when fewer than k trials). */
  passK: number | null;
  /** Trials behind passK: votes, or verdicts of repeated runs on the same workspace and judge. */
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

const key = (r: VerdictRow) => `${r.candidate}\u0000${r.task}\u0000${r.requirement}`;

/** Trials of the largest group of verdicts on one workspace by one judge: each vote counts, or each run's verdict. */
function trialsOf(rows: VerdictRow[]): VerdictStatus[] {
  const groups = new Map<string, VerdictStatus[]>();
  for (const r of rows) {
    if (r.workspaceHash === null) continue;
    const g = `${r.workspaceHash}\u0000${r.judgeHash}\u0000${r.suiteHash}`;
    const list = groups.get(g) ?? [];
    list.push(...(r.votes?.length ? r.votes : [r.status]));
    groups.set(g, list);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

/** Per requirement over runs (rows oldest first): the flips by class, the noise flip rate and pass^k. */
export function analyseRequirements(rows: VerdictRow[], k: number): FlakyRequirement[] {
  const byReq = new Map<string, VerdictRow[]>();
  for (const r of rows) {
    const list = byReq.get(key(r)) ?? [];
    list.push(r);
    byReq.set(key(r), list);
  }
  const out: FlakyRequirement[] = [];
  for (const list of byReq.values()) {
    const flips: Record<ChangeClass, number> = { agent: 0, judge: 0, noise: 0, unknown: 0 };
    let comparable = 0;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      const cls = classify(a, b);
      if (cls === "noise") comparable++;
      if (a.status !== b.status) flips[cls]++;
    }
    const trials = trialsOf(list);
    const first = list[0]!;
    out.push({
      candidate: first.candidate,
      task: first.task,
      requirement: first.requirement,
      comparable,
      noiseFlips: flips.noise,
      flipRate: comparable ? flips.noise / comparable : 0,
      flips,
      statuses: list.map((r) => r.status),
      passK: passHatK(trials.filter((s) => s === "satisfied").length, trials.length, k),
      trials: trials.length,
    });
  }
  return out;
}

/** The requirements whose verdict changed with nothing changed (class c), most often flipping first. */
export function flakyRequirements(rows: VerdictRow[], k: number): FlakyRequirement[] {
  return analyseRequirements(rows, k)
    .filter((r) => r.noiseFlips > 0)
    .sort((a, b) => b.flipRate - a.flipRate || b.noiseFlips - a.noiseFlips || a.candidate.localeCompare(b.candidate) || a.task.localeCompare(b.task) || a.requirement.localeCompare(b.requirement, undefined, { numeric: true }));
}

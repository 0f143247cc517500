import { addToCounts, emptyCounts, type Counts, type VerdictStatus } from "../core/verdict.js";
import { itemKey, type ItemId } from "../tasks/types.js";

/** One requirement's outcome with what the metrics need to know about it. */
export interface JudgedRequirement {
  id: ItemId;
  status: VerdictStatus;
  category: string;
  prerequisites: ItemId[];
}

export interface JudgedTask {
  task: string;
  requirements: JudgedRequirement[];
  /**
   * Requirements the task has in the suite; more than `requirements` when a run stopped early.
   * Defaults to `requirements.length`.
   */
  expected?: number;
  preferences: { id: ItemId; status: VerdictStatus }[];
  /** Did the agent end on its own before the limit? Unknown when absent. */
  selfTerminated?: boolean;
}

export interface CategoryMetrics {
  category: string;
  requirements: number;
  satisfied: number;
  reqMetI: number;
  reqMetD: number;
}

export interface Metrics {
  tasks: number;
  requirements: number;
  /** Requirements with a verdict that is not `error`: the denominator of Req (I) and (D). */
  judged: number;
  /** Percent of judged requirements satisfied, prerequisites ignored. */
  reqMetI: number;
  /** Percent of judged requirements satisfied together with all their direct prerequisites. */
  reqMetD: number;
  /** Percent of decided tasks with every requirement judged and satisfied. */
  solveRate: number;
  /** Tasks whose solved/not-solved is known: fully judged, or with a judged requirement that is not satisfied. */
  decidedTasks: number;
  /** Tasks not counted as solved only because some of their requirements are undecided (none unsatisfied). */
  blockedByUndecided: number;
  /** Percent of tasks whose agent ended on its own; null when no task says. */
  selfTermination: number | null;
  counts: Counts;
  preferences: { total: number; satisfied: number; rate: number };
  categories: CategoryMetrics[];
}

/** Truncates (not rounds) a percentage to two decimals, as the paper does: 1/55 → 1.81. */
export function truncate2(x: number): number {
  // the epsilon keeps 28.999999999999996 (0.29 * 100) from becoming 28.99
  return Math.floor(x * 100 + 1e-7) / 100;
}

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : truncate2((100 * part) / whole));

/** A requirement counts for (D) when it and every direct prerequisite (in the same task) are satisfied. */
/** An `error` is no judgment: it is left out of every metric (coverage says how much is missing). */
export const isJudged = (status: VerdictStatus) => status !== "error";

export function metDependent(task: JudgedTask): Set<string> {
  const satisfied = new Set(task.requirements.filter((r) => r.status === "satisfied").map((r) => itemKey(r.id)));
  const known = new Set(task.requirements.filter((r) => isJudged(r.status)).map((r) => itemKey(r.id)));
  const met = new Set<string>();
  for (const r of task.requirements) {
    if (!satisfied.has(itemKey(r.id))) continue;
    // a prerequisite that was not judged (filtered out, unmatched) cannot hold the requirement back
    if (r.prerequisites.every((p) => !known.has(itemKey(p)) || satisfied.has(itemKey(p)))) met.add(itemKey(r.id));
  }
  return met;
}

export function computeMetrics(tasks: JudgedTask[]): Metrics {
  const counts = emptyCounts();
  let dependent = 0;
  let solved = 0;
  let decidedTasks = 0;
  let blockedByUndecided = 0;
  let selfKnown = 0;
  let selfTerminated = 0;
  const prefs = { total: 0, satisfied: 0, rate: 0 };
  const cats = new Map<string, { requirements: number; satisfied: number; dependent: number }>();
  for (const t of tasks) {
    const met = metDependent(t);
    dependent += met.size;
    const outcome = taskOutcome(t);
    if (outcome !== "unknown") decidedTasks++;
    if (outcome === "solved") solved++;
    if (outcome === "blocked by undecided") blockedByUndecided++;
    if (t.selfTerminated !== undefined) {
      selfKnown++;
      if (t.selfTerminated) selfTerminated++;
    }
    for (const r of t.requirements) {
      addToCounts(counts, r.status);
      if (!isJudged(r.status)) continue;
      let c = cats.get(r.category);
      if (!c) cats.set(r.category, (c = { requirements: 0, satisfied: 0, dependent: 0 }));
      c.requirements++;
      if (r.status === "satisfied") c.satisfied++;
      if (met.has(itemKey(r.id))) c.dependent++;
    }
    for (const p of t.preferences) {
      if (!isJudged(p.status)) continue;
      prefs.total++;
      if (p.status === "satisfied") prefs.satisfied++;
    }
  }
  prefs.rate = percent(prefs.satisfied, prefs.total);
  const judged = counts.total - counts.error;
  return {
    tasks: tasks.length,
    requirements: counts.total,
    judged,
    reqMetI: percent(counts.satisfied, judged),
    reqMetD: percent(dependent, judged),
    solveRate: percent(solved, decidedTasks),
    decidedTasks,
    blockedByUndecided,
    selfTermination: selfKnown ? percent(selfTerminated, selfKnown) : null,
    counts,
    preferences: prefs,
    categories: [...cats.entries()]
      .map(([category, c]) => ({
        category,
        requirements: c.requirements,
        satisfied: c.satisfied,
        reqMetI: percent(c.satisfied, c.requirements),
        reqMetD: percent(c.dependent, c.requirements),
      }))
      .sort((a, b) => a.category.localeCompare(b.category)),
  };
}

/**
 * Solved needs every requirement of the task judged and satisfied. One judged requirement that is not
 * satisfied settles "not solved" even in a partial run; a task with only errors (or missing verdicts)
 * beside satisfied ones is unknown and left out of the solve rate.
 */
export function taskOutcome(t: JudgedTask): "solved" | "not solved" | "blocked by undecided" | "unknown" {
  const expected = t.expected ?? t.requirements.length;
  if (t.requirements.some((r) => r.status === "unsatisfied" || r.status === "skipped")) return "not solved";
  const complete = expected > 0 && t.requirements.length >= expected && t.requirements.every((r) => isJudged(r.status));
  if (t.requirements.some((r) => r.status === "undecided")) return "blocked by undecided";
  return complete ? "solved" : "unknown";
}

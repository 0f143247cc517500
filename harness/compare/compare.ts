import { VERDICT_STATUSES } from "../core/verdict.js";
import type { JudgmentSet, SetRequirement } from "./judgment-types.js";
import { computeMetrics, percent, type JudgedTask, type Metrics } from "../metrics/metrics.js";
import { itemKey } from "../tasks/types.js";

export interface HeadlineMetrics {
  reqMetI: number;
  reqMetD: number;
  solveRate: number;
}

export interface Comparison {
  labelsName: string;
  verdictsName: string;
  /** Requirements matched by task and id on both sides. */
  requirements: number;
  /** Percent of matched requirements where both sides say the same, truncated to 2 decimals. */
  alignment: number;
  /** Cohen's kappa over the statuses, rounded to 3 decimals. */
  kappa: number;
  /** confusion[label][verdict] = count. */
  confusion: Record<string, Record<string, number>>;
  categories: { category: string; requirements: number; alignment: number }[];
  labels: HeadlineMetrics & { metrics: Metrics };
  verdicts: HeadlineMetrics & { metrics: Metrics };
  /** |verdicts − labels| for each headline metric. */
  shift: HeadlineMetrics;
  unmatched: { onlyInLabels: string[]; onlyInVerdicts: string[] };
}

export function cohensKappa(pairs: [string, string][]): number {
  const confusion: Record<string, Record<string, number>> = {};
  for (const [x, y] of pairs) {
    confusion[x] ??= {};
    confusion[x]![y] = (confusion[x]![y] ?? 0) + 1;
  }
  return kappaOf(confusion);
}

/** Cohen's kappa from a confusion matrix (confusion[a][b] = count), rounded (not truncated) to three decimals. */
export function kappaOf(confusion: Record<string, Record<string, number>>): number {
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let n = 0;
  let agree = 0;
  for (const [x, row] of Object.entries(confusion)) {
    for (const [y, count] of Object.entries(row)) {
      if (!count) continue;
      n += count;
      a.set(x, (a.get(x) ?? 0) + count);
      b.set(y, (b.get(y) ?? 0) + count);
      if (x === y) agree += count;
    }
  }
  if (n === 0) return 0;
  const po = agree / n;
  let pe = 0;
  for (const [k, ca] of a) pe += (ca / n) * ((b.get(k) ?? 0) / n);
  if (pe === 1) return po === 1 ? 1 : 0;
  return round3((po - pe) / (1 - pe));
}

// toFixed alone rounds 0.0005-ties by the binary value; the epsilon rounds half up as people expect
const round3 = (x: number) => Math.round(x * 1000 + Math.sign(x) * 1e-9) / 1000;

const headline = (m: Metrics): HeadlineMetrics => ({ reqMetI: m.reqMetI, reqMetD: m.reqMetD, solveRate: m.solveRate });
const diff = (a: number, b: number) => Math.round(Math.abs(a - b) * 100) / 100;

/** Matches requirements by task and id (never by position) and compares the two sides. */
export function compareSets(labels: JudgmentSet, verdicts: JudgmentSet): Comparison {
  const lTasks = new Map(labels.tasks.map((t) => [t.task, t]));
  const vTasks = new Map(verdicts.tasks.map((t) => [t.task, t]));
  const onlyInLabels: string[] = [];
  const onlyInVerdicts: string[] = [];
  const lJudged: JudgedTask[] = [];
  const vJudged: JudgedTask[] = [];
  const pairs: [string, string][] = [];
  const perCategory = new Map<string, { n: number; agree: number }>();
  for (const lt of labels.tasks) {
    const vt = vTasks.get(lt.task);
    if (!vt) {
      onlyInLabels.push(...lt.requirements.map((r) => `${lt.task}#${r.id}`));
      continue;
    }
    const vReqs = new Map(vt.requirements.map((r) => [itemKey(r.id), r]));
    const lTask: JudgedTask = {
      task: lt.task,
      requirements: [],
      preferences: lt.preferences,
      selfTerminated: lt.selfTerminated,
    };
    const vTask: JudgedTask = {
      task: vt.task,
      requirements: [],
      preferences: vt.preferences,
      selfTerminated: vt.selfTerminated,
    };
    for (const lr of lt.requirements) {
      const vr = vReqs.get(itemKey(lr.id));
      if (!vr) {
        onlyInLabels.push(`${lt.task}#${lr.id}`);
        continue;
      }
      vReqs.delete(itemKey(lr.id));
      const category = vr.category ?? lr.category ?? "Other";
      const prerequisites = vr.prerequisites ?? lr.prerequisites ?? [];
      lTask.requirements.push(judged(lr, category, prerequisites));
      vTask.requirements.push(judged(vr, category, prerequisites));
      pairs.push([lr.status, vr.status]);
      const c = perCategory.get(category) ?? { n: 0, agree: 0 };
      c.n++;
      if (lr.status === vr.status) c.agree++;
      perCategory.set(category, c);
    }
    onlyInVerdicts.push(...[...vReqs.values()].map((r) => `${vt.task}#${r.id}`));
    lJudged.push(lTask);
    vJudged.push(vTask);
  }
  for (const vt of verdicts.tasks)
    if (!lTasks.has(vt.task)) onlyInVerdicts.push(...vt.requirements.map((r) => `${vt.task}#${r.id}`));

  const confusion: Record<string, Record<string, number>> = {};
  for (const [l, v] of pairs) {
    confusion[l] ??= Object.fromEntries(VERDICT_STATUSES.map((s) => [s, 0]));
    confusion[l]![v]!++;
  }
  const lm = computeMetrics(lJudged);
  const vm = computeMetrics(vJudged);
  return {
    labelsName: labels.name,
    verdictsName: verdicts.name,
    requirements: pairs.length,
    alignment: percent(pairs.filter(([l, v]) => l === v).length, pairs.length),
    kappa: cohensKappa(pairs),
    confusion,
    categories: [...perCategory.entries()]
      .map(([category, c]) => ({ category, requirements: c.n, alignment: percent(c.agree, c.n) }))
      .sort((a, b) => a.category.localeCompare(b.category)),
    labels: { ...headline(lm), metrics: lm },
    verdicts: { ...headline(vm), metrics: vm },
    shift: {
      reqMetI: diff(vm.reqMetI, lm.reqMetI),
      reqMetD: diff(vm.reqMetD, lm.reqMetD),
      solveRate: diff(vm.solveRate, lm.solveRate),
    },
    unmatched: { onlyInLabels, onlyInVerdicts },
  };
}

function judged(r: SetRequirement, category: string, prerequisites: SetRequirement["prerequisites"] & object) {
  return { id: r.id, status: r.status, category, prerequisites };
}

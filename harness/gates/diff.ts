import type { VerdictStatus } from "../core/verdict.js";
import type { Report } from "../report/types.js";

export interface Flip {
  candidate: string;
  task: string;
  id: string | number;
  from: VerdictStatus;
  to: VerdictStatus;
}

export const HEADLINE = ["reqMetI", "reqMetD", "solveRate"] as const;
export type Headline = (typeof HEADLINE)[number];

export interface RunDiff {
  flips: Flip[];
  /** candidate → metric → { base, next, delta } (percentage points). */
  metrics: Record<string, Record<Headline, { base: number; next: number; delta: number }>>;
  onlyInBase: string[];
  onlyInNext: string[];
  regressions: string[];
  /**
   * Verdicts that became `error` (or units that failed): the judge lost sight of them; not a
   * regression of the agent.
   */
  lostCoverage: string[];
}

/**
 * Compares two runs requirement by requirement. A regression is satisfied → unsatisfied, undecided or
 * skipped, or a metric falling by more than the margin; satisfied → error is lost coverage, never a
 * regression (the metrics leave errors out, so they cannot fall because of one).
 */
export function diffReports(base: Report, next: Report, marginPoints = 0): RunDiff {
  const flips: Flip[] = [];
  const metrics: RunDiff["metrics"] = {};
  const onlyInBase: string[] = [];
  const onlyInNext: string[] = [];
  const regressions: string[] = [];
  const lostCoverage: string[] = [];
  const nextCands = new Map(next.candidates.map((c) => [c.name, c]));
  for (const bc of base.candidates) {
    const nc = nextCands.get(bc.name);
    if (!nc) {
      onlyInBase.push(bc.name);
      continue;
    }
    const nTasks = new Map(nc.tasks.map((t) => [t.task, new Map(t.requirements.map((v) => [String(v.id), v.status]))]));
    for (const bt of bc.tasks) {
      const nt = nTasks.get(bt.task);
      if (!nt) {
        onlyInBase.push(`${bc.name}/${bt.task}`);
        continue;
      }
      for (const v of bt.requirements) {
        const to = nt.get(String(v.id));
        if (to === undefined) onlyInBase.push(`${bc.name}/${bt.task}#${v.id}`);
        else if (to !== v.status) flips.push({ candidate: bc.name, task: bt.task, id: v.id, from: v.status, to });
      }
    }
    metrics[bc.name] = Object.fromEntries(
      HEADLINE.map((k) => {
        const b = bc.metrics[k];
        const n = nc.metrics[k];
        return [k, { base: b, next: n, delta: Math.round((n - b) * 100) / 100 }];
      }),
    ) as RunDiff["metrics"][string];
  }
  for (const nc of next.candidates) if (!base.candidates.some((c) => c.name === nc.name)) onlyInNext.push(nc.name);
  for (const f of flips) {
    const where = `${f.candidate}/${f.task}#${f.id}`;
    if (f.to === "error") lostCoverage.push(`${where}: ${f.from} → error`);
    else if (f.from === "satisfied") regressions.push(`${where}: satisfied → ${f.to}`);
  }
  for (const [cand, m] of Object.entries(metrics)) {
    for (const k of HEADLINE)
      if (m[k].delta < -marginPoints)
        regressions.push(
          `${cand}: ${k} fell ${m[k].base.toFixed(2)} → ${m[k].next.toFixed(2)} ` +
            `(${m[k].delta.toFixed(2)} points, margin ${marginPoints})`,
        );
  }
  return { flips, metrics, onlyInBase, onlyInNext, regressions, lostCoverage };
}

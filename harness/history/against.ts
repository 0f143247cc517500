import type { VerdictStatus } from "../core/verdict.js";
import type { Report } from "../report/types.js";
import { itemKey } from "../tasks/types.js";
import { classify, type ChangeClass } from "./classify.js";
import type { RunRecord, RunSummary } from "./types.js";
import type { VerdictRow } from "./store.js";
import { requirementKey } from "../core/keys.js";

export interface ClassifiedFlip {
  candidate: string;
  task: string;
  id: string;
  from: VerdictStatus;
  to: VerdictStatus;
  class: ChangeClass;
}

/** A class (a) regression, with the regressions it explains through the requirement graph. */
export interface ExplainedRegression extends ClassifiedFlip {
  /** Requirements of the same task that depend on this one (directly or not) and regressed too. */
  dependants: string[];
}

export interface AgainstDiff {
  base: { runId: string; startedAt: string; branch: string | null; commit: string | null };
  next: { runId: string };
  flips: ClassifiedFlip[];
  metrics: Record<string, Record<"reqMetI" | "reqMetD" | "solveRate", { base: number; next: number; delta: number }>>;
  /** Class (a) regressions whose prerequisites did not regress: the ones to look at. */
  regressions: ExplainedRegression[];
  /** Satisfied → not satisfied for another reason than the agent's work: reported, never failed on. */
  otherRegressions: ClassifiedFlip[];
}

/** Every requirement that depends on `id` (directly or through others), in one task's graph. */
function dependantsOf(prereqs: Map<string, string[]>, id: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [req, pres] of prereqs) {
      if (out.has(req)) continue;
      if (pres.some((p) => p === id || out.has(p))) {
        out.add(req);
        grew = true;
      }
    }
  }
  return out;
}

/** Compares a run (as it would be recorded) with a recorded base run, classifying each change. */
export function diffAgainst(base: RunSummary, baseRows: VerdictRow[], next: RunRecord, report: Report): AgainstDiff {
  const baseBy = new Map(baseRows.map((r) => [requirementKey(r), r]));
  const flips: ClassifiedFlip[] = [];
  for (const c of next.candidates) {
    for (const v of c.verdicts) {
      const b = baseBy.get(requirementKey({ candidate: c.name, task: v.task, requirement: v.requirement }));
      if (!b || b.status === v.status) continue;
      const cls = classify(b, {
        status: v.status,
        workspaceHash: v.workspaceHash,
        judgeHash: next.judgeHash,
        suiteHash: next.suiteHash,
      });
      flips.push({ candidate: c.name, task: v.task, id: v.requirement, from: b.status, to: v.status, class: cls });
    }
  }
  const regressed = flips.filter((f) => f.from === "satisfied" && f.to !== "satisfied");
  const agent = regressed.filter((f) => f.class === "agent");
  const graphs = new Map(
    report.suite.tasks.map((t) => [
      t.id,
      new Map(t.requirements.map((r) => [itemKey(r.id), r.prerequisites.map(itemKey)])),
    ]),
  );
  const regressions: ExplainedRegression[] = [];
  const explained = new Set<string>();
  for (const f of agent) {
    const deps = dependantsOf(graphs.get(f.task) ?? new Map(), f.id);
    const mine = agent.filter((g) => g.candidate === f.candidate && g.task === f.task && deps.has(g.id));
    for (const g of mine) explained.add(requirementKey({ ...g, requirement: g.id }));
    regressions.push({ ...f, dependants: mine.map((g) => g.id) });
  }
  const metrics: AgainstDiff["metrics"] = {};
  for (const c of next.candidates) {
    const b = base.candidates.find((x) => x.name === c.name);
    if (!b) continue;
    const d = (k: "reqMetI" | "reqMetD" | "solveRate") => ({
      base: b[k],
      next: c.figures[k],
      delta: Math.round((c.figures[k] - b[k]) * 100) / 100,
    });
    metrics[c.name] = { reqMetI: d("reqMetI"), reqMetD: d("reqMetD"), solveRate: d("solveRate") };
  }
  return {
    base: { runId: base.runId, startedAt: base.startedAt, branch: base.gitBranch, commit: base.gitCommit },
    next: { runId: next.runId },
    flips,
    metrics,
    regressions: regressions.filter((r) => !explained.has(requirementKey({ ...r, requirement: r.id }))),
    otherRegressions: regressed.filter((f) => f.class !== "agent"),
  };
}

import { sumUsage } from "../core/verdict.js";
import { computeMetrics, type JudgedTask } from "../metrics/metrics.js";
import { itemKey } from "../tasks/types.js";
import type { CandidateMetrics, ReportCandidate, ReportSuiteTask } from "./types.js";

export function judgedTasks(candidate: Pick<ReportCandidate, "tasks">, suite: ReportSuiteTask[]): JudgedTask[] {
  const defs = new Map(suite.map((t) => [t.id, t]));
  return candidate.tasks.map((t) => {
    const reqDefs = new Map(defs.get(t.task)?.requirements.map((r) => [itemKey(r.id), r]));
    return {
      task: t.task,
      expected: defs.get(t.task)?.requirements.length ?? t.requirements.length,
      requirements: t.requirements.map((v) => {
        const d = reqDefs.get(itemKey(v.id));
        return { id: v.id, status: v.status, category: d?.category ?? "Other", prerequisites: d?.prerequisites ?? [] };
      }),
      preferences: t.preferences.map((v) => ({ id: v.id, status: v.status })),
      ...(t.agent ? { selfTerminated: t.agent.selfTerminated } : {}),
    };
  });
}

/** Every figure a report shows for one candidate: the metrics, plus tokens, cost and time. */
export function candidateMetrics(
  candidate: Pick<ReportCandidate, "tasks">,
  suite: ReportSuiteTask[],
): CandidateMetrics {
  let judgeTimeMs = 0;
  let agentTimeMs = 0;
  for (const t of candidate.tasks) {
    agentTimeMs += t.agent?.durationMs ?? 0;
    for (const v of [...t.requirements, ...t.preferences]) judgeTimeMs += v.durationMs;
  }
  const usage = sumUsage(candidate.tasks.flatMap((t) => [...t.requirements, ...t.preferences].map((v) => v.usage)));
  return {
    ...computeMetrics(judgedTasks(candidate, suite)),
    usage,
    judgeTimeMs: Math.round(judgeTimeMs),
    agentTimeMs: Math.round(agentTimeMs),
  };
}

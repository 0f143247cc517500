import type { LabelAgreement, ReportCandidate } from "../report/types.js";
import { itemKey } from "../tasks/types.js";
import type { Labels } from "./read-labels.js";

/**
 * How a candidate's requirement verdicts compare with human labels: only decided verdicts
 * (satisfied/unsatisfied) are compared; the rest are counted, not dropped.
 */
export function labelAgreement(candidate: ReportCandidate, labels: Labels, file: string): LabelAgreement {
  const out: LabelAgreement = { file, compared: 0, agree: 0, notDecided: 0, unlabelled: 0, disagreements: [] };
  for (const t of candidate.tasks) {
    const taskLabels = labels.requirements.get(t.task);
    for (const v of t.requirements) {
      const label = taskLabels?.get(itemKey(v.id));
      if (!label) out.unlabelled++;
      else if (v.status !== "satisfied" && v.status !== "unsatisfied") out.notDecided++;
      else {
        out.compared++;
        if (v.status === label) out.agree++;
        else out.disagreements.push({ task: t.task, id: v.id, label, verdict: v.status });
      }
    }
  }
  return out;
}

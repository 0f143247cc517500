import type { CandidateConfig } from "../config/types.js";
import { readJudgmentSets } from "../judgments/read-sets.js";
import type { JudgmentSet } from "../judgments/types.js";
import type { LabelAgreement, Report, ReportCandidate } from "../report/types.js";
import { itemKey } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";

/**
 * How a candidate's requirement verdicts compare with human labels: only decided verdicts
 * (satisfied/unsatisfied) are compared; the rest are counted, not dropped.
 */
export function labelAgreement(candidate: ReportCandidate, labels: JudgmentSet, file: string): LabelAgreement {
  const byTask = new Map(labels.tasks.map((t) => [t.task, new Map(t.requirements.map((r) => [itemKey(r.id), r.status]))]));
  const out: LabelAgreement = { file, compared: 0, agree: 0, notDecided: 0, unlabelled: 0, disagreements: [] };
  for (const t of candidate.tasks) {
    for (const v of t.requirements) {
      const label = byTask.get(t.task)?.get(itemKey(v.id));
      if (label !== "satisfied" && label !== "unsatisfied") out.unlabelled++;
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

/** Fills in `labels` for every candidate whose config names a labels file (or DevAI judgment folder). */
export async function addLabelAgreement(report: Report, candidates: CandidateConfig[], warn: (message: string) => void): Promise<void> {
  for (const c of report.candidates) {
    const file = candidates.find((x) => x.name === c.name)?.labels;
    if (!file) continue;
    try {
      const sets = await readJudgmentSets(file);
      const labels = sets.find((s) => s.candidate === c.name) ?? (sets.length === 1 ? sets[0] : undefined);
      if (labels) c.labels = labelAgreement(c, labels, displayPath(file));
    } catch (e) {
      warn(`labels for ${c.name} not read: ${(e as Error).message}`);
    }
  }
}

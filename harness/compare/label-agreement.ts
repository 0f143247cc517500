import { compareSets, kappaOf } from "./compare.js";
import type { CandidateConfig } from "../config/types.js";
import { readJudgmentSets } from "./read-sets.js";
import type { JudgmentSet } from "./judgment-types.js";
import { judgedTasks } from "../report/candidate-metrics.js";
import { percent } from "../metrics/metrics.js";
import type { CandidateLabels, LabelAgreement, Report, ReportCandidate } from "../report/types.js";
import { itemKey } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";

const DECIDED = ["satisfied", "unsatisfied"];

/**
 * How a candidate's requirement verdicts compare with human labels — computed by `compareSets`,
 * the function behind `devjudge compare`, so both print the same alignment and kappa.
 */
export function labelAgreement(
  candidate: ReportCandidate,
  labels: JudgmentSet,
  file: string,
  suite: Report["suite"]["tasks"],
): LabelAgreement {
  const verdicts: JudgmentSet = {
    name: candidate.name,
    source: "run",
    candidate: candidate.name,
    tasks: judgedTasks(candidate, suite),
  };
  const c = compareSets(labels, verdicts);
  const byTask = new Map(
    labels.tasks.map((t) => [t.task, new Map(t.requirements.map((r) => [itemKey(r.id), r.status]))]),
  );
  const disagreements: LabelAgreement["disagreements"] = [];
  let unlabelled = 0;
  for (const t of candidate.tasks) {
    for (const v of t.requirements) {
      const label = byTask.get(t.task)?.get(itemKey(v.id));
      if (label === undefined) unlabelled++;
      else if (label !== v.status) disagreements.push({ task: t.task, id: v.id, label, verdict: v.status });
    }
  }
  labelVerdicts(candidate, labels);
  return fromConfusion(file, c.confusion, unlabelled, disagreements);
}

/** Writes each label beside its verdict (requirements and preferences), for the pages that show both. */
function labelVerdicts(candidate: ReportCandidate, labels: JudgmentSet) {
  const byTask = new Map(labels.tasks.map((t) => [t.task, t]));
  for (const t of candidate.tasks) {
    const lt = byTask.get(t.task);
    for (const [verdicts, items] of [
      [t.requirements, lt?.requirements],
      [t.preferences, lt?.preferences],
    ] as const) {
      const byId = new Map((items ?? []).map((r) => [itemKey(r.id), r.status]));
      for (const v of verdicts) {
        const label = byId.get(itemKey(v.id));
        if (label === "satisfied" || label === "unsatisfied") v.label = label;
        else delete v.label;
      }
    }
  }
}

function fromConfusion(
  file: string,
  confusion: LabelAgreement["confusion"],
  unlabelled: number,
  disagreements: LabelAgreement["disagreements"],
): LabelAgreement {
  let labelled = 0;
  let agree = 0;
  let decided = 0;
  let decidedAgree = 0;
  for (const [label, row] of Object.entries(confusion)) {
    for (const [verdict, n] of Object.entries(row)) {
      labelled += n;
      if (label === verdict) agree += n;
      if (DECIDED.includes(verdict)) {
        decided += n;
        if (label === verdict) decidedAgree += n;
      }
    }
  }
  return {
    file,
    labelled,
    agree,
    alignment: percent(agree, labelled),
    kappa: kappaOf(confusion),
    decided,
    decidedAgree,
    decidedAlignment: percent(decidedAgree, decided),
    unlabelled,
    confusion,
    disagreements,
  };
}

/** One agreement over the shards of a run: confusion matrices add up, so kappa is that of the whole. */
export function mergeLabelAgreements(
  parts: LabelAgreement[],
  order: (a: { task: string }, b: { task: string }) => number,
): LabelAgreement {
  const confusion: LabelAgreement["confusion"] = {};
  for (const p of parts) {
    for (const [l, row] of Object.entries(p.confusion)) {
      for (const [v, n] of Object.entries(row)) {
        confusion[l] ??= {};
        confusion[l]![v] = (confusion[l]![v] ?? 0) + n;
      }
    }
  }
  const unlabelled = parts.reduce((n, p) => n + p.unlabelled, 0);
  return fromConfusion(parts[0]!.file, confusion, unlabelled, parts.flatMap((p) => p.disagreements).sort(order));
}

/**
 * The labels each candidate's config names, read once before the report is built; a file that
 * cannot be read is a warning.
 */
export async function readCandidateLabels(
  candidates: CandidateConfig[],
  warn: (message: string) => void,
): Promise<CandidateLabels> {
  const out: CandidateLabels = new Map();
  for (const c of candidates) {
    if (!c.labels) continue;
    try {
      const sets = await readJudgmentSets(c.labels);
      const labels = sets.find((s) => s.candidate === c.name) ?? (sets.length === 1 ? sets[0] : undefined);
      if (labels) out.set(c.name, { labels, file: displayPath(c.labels) });
    } catch (e) {
      warn(`labels for ${c.name} not read: ${(e as Error).message}`);
    }
  }
  return out;
}

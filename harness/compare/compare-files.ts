import { InputError } from "../core/diagnostics.js";
import { compareSets, type Comparison } from "./compare.js";
import type { JudgmentSet } from "./judgment-types.js";
import { readJudgmentSets } from "./read-sets.js";

export interface FileComparison {
  comparisons: Comparison[];
  /** Verdict sets the labels have nothing for. */
  skipped: string[];
}

/**
 * What `devjudge compare` does: each verdict set in `verdictPaths` against the labels that belong
 * to it in `labelsPath` (files or folders: devjudge labels, report.json, run folders, DevAI
 * judgments). Throws InputError when the labels cover none of them.
 */
export async function compareFiles(labelsPath: string, verdictPaths: string[]): Promise<FileComparison> {
  const labelSets = await readJudgmentSets(labelsPath);
  const comparisons: Comparison[] = [];
  const skipped: string[] = [];
  for (const path of verdictPaths) {
    for (const v of await readJudgmentSets(path)) {
      const labels = pickLabels(labelSets, v);
      if (labels) comparisons.push(compareSets(labels, v));
      else skipped.push(v.name);
    }
  }
  if (comparisons.length === 0)
    throw new InputError([], `${labelsPath} has no labels for any verdict set given (${skipped.join(", ")})`);
  return { comparisons, skipped };
}

/**
 * The labels that belong to a verdict set: the same candidate; or, where either side does not
 * name its candidate, the only labels there are. Never a different named candidate.
 */
function pickLabels(labelSets: JudgmentSet[], v: JudgmentSet): JudgmentSet | undefined {
  const same = labelSets.find((l) => l.candidate && l.candidate === v.candidate);
  if (same) return same;
  const only = labelSets.length === 1 ? labelSets[0]! : undefined;
  if (only && (!only.candidate || !v.candidate)) return only;
  return undefined;
}

/** A comparison as `compare --json` prints it. */
export function comparisonJson(c: Comparison) {
  const side = (s: Comparison["labels"]) => ({
    reqMetI: s.reqMetI,
    reqMetD: s.reqMetD,
    solveRate: s.solveRate,
    selfTermination: s.metrics.selfTermination,
    counts: s.metrics.counts,
    categories: s.metrics.categories,
  });
  return {
    labelsName: c.labelsName,
    verdictsName: c.verdictsName,
    requirements: c.requirements,
    alignment: c.alignment,
    kappa: c.kappa,
    confusion: c.confusion,
    categories: c.categories,
    labels: side(c.labels),
    verdicts: side(c.verdicts),
    shift: c.shift,
    unmatched: c.unmatched,
  };
}

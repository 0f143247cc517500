import type { Usage, Verdict, VerdictStatus } from "../../judges/types.js";

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, calls: 0, cost: 0, cachedCalls: 0 });

/** Adds usages up (cost rounded to 1e-8 USD so sums do not drift). */
export function sumUsage(all: (Usage | undefined)[]): Usage {
  const u = emptyUsage();
  for (const x of all) {
    if (!x) continue;
    u.inputTokens += x.inputTokens;
    u.outputTokens += x.outputTokens;
    u.calls += x.calls;
    u.cost += x.cost;
    u.cachedCalls! += x.cachedCalls ?? 0;
  }
  u.cost = Math.round(u.cost * 1e8) / 1e8;
  return u;
}
import type { CandidateMetrics } from "../metrics/report-metrics.js";
import type { ItemId } from "../tasks/types.js";

export const REPORT_VERSION = 2;

export type Counts = Record<VerdictStatus, number> & { total: number };

export const emptyCounts = (): Counts => ({ satisfied: 0, unsatisfied: 0, undecided: 0, error: 0, skipped: 0, total: 0 });

/** A judge's verdict on one requirement or preference, with the item's id (and the human label, where the candidate has labels). */
export type ReportVerdict = Verdict & { id: ItemId; label?: "satisfied" | "unsatisfied" };

export interface TraceSummary {
  source: string;
  format: string;
  steps: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  durationS: number;
}

/** How a command candidate's agent run went (runner issue); DevAI's `executed_successfully` maps to selfTerminated. */
export interface AgentRun {
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  /** Ended on its own before the time limit. */
  selfTerminated: boolean;
}

export interface ReportTask {
  task: string;
  agent?: AgentRun;
  status: "judged" | "failed";
  error?: string;
  workspace?: string;
  trace?: TraceSummary;
  requirements: ReportVerdict[];
  preferences: ReportVerdict[];
  counts: Counts;
  preferenceCounts: Counts;
  /** Model usage of every verdict of this task. */
  usage: Usage;
}

/**
 * How a candidate's requirement verdicts compare with human labels, by the one definition `compare`
 * uses too: alignment over every labelled requirement with a verdict, where undecided, error and
 * skipped count as disagreement; beside it, agreement over the decided verdicts only.
 */
export interface LabelAgreement {
  /** The labels file compared against. */
  file: string;
  /** Labelled requirements that have a verdict in this run. */
  labelled: number;
  /** Of those, verdict equal to the label. */
  agree: number;
  /** 100 · agree / labelled, truncated to two decimals (as `compare` prints it). */
  alignment: number;
  /** Cohen's kappa over the same pairs, rounded to three decimals. */
  kappa: number;
  /** Labelled requirements whose verdict is satisfied or unsatisfied. */
  decided: number;
  decidedAgree: number;
  decidedAlignment: number;
  /** Judged, but without a label. */
  unlabelled: number;
  /** confusion[label][verdict] = count; kept so shards can be merged into one kappa. */
  confusion: Record<string, Record<string, number>>;
  disagreements: { task: string; id: ItemId; label: VerdictStatus; verdict: VerdictStatus }[];
}

/** How much of what a run was to judge it did judge: metrics are over `judged` only. */
export interface Coverage {
  /** Requirements with a verdict that is not `error`. */
  judged: number;
  /** Requirements this run (or shard) was to judge. */
  total: number;
  /** Requirements whose verdict is `error`. */
  errors: number;
  /** Requirements with no verdict at all (the run stopped before them). */
  missing: number;
  /** Units (candidate × task) that could not be judged at all, with why. */
  failedUnits: { task: string; cause: string }[];
}

export interface ReportCandidate {
  name: string;
  kind: string;
  tasks: ReportTask[];
  counts: Counts;
  preferenceCounts: Counts;
  coverage: Coverage;
  /** Present when the candidate has human labels (config `labels:`). */
  labels?: LabelAgreement;
  /** Model calls tried again while judging this candidate. */
  retries: number;
  metrics: CandidateMetrics;
}

/** The suite as judged, so a report can be read (and its metrics computed) without the task files. */
export interface ReportSuiteTask {
  id: string;
  name: string;
  requirements: { id: ItemId; criteria: string; category: string; prerequisites: ItemId[] }[];
  preferences: { id: ItemId; criteria: string }[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  runId: string;
  devjudge: string;
  createdAt: string;
  finishedAt: string;
  durationMs: number;
  judge: { name: string };
  mode: "independent" | "dependent";
  /** Set when this run judged one slice of the units (`--shard i/N`). */
  shard?: { index: number; total: number };
  suite: { paths: string[]; tasks: ReportSuiteTask[] };
  candidates: ReportCandidate[];
  counts: Counts;
  /** Summed over the candidates. */
  coverage: Coverage;
  /** Model usage of the whole run. */
  usage: Usage;
  /** Model calls tried again (429, 5xx, network, malformed or off-schema replies). */
  retries: number;
  warnings: string[];
}

import type { Counts, Usage, Verdict, VerdictStatus } from "../core/verdict.js";

import type { Metrics } from "../metrics/metrics.js";
import type { ItemId } from "../tasks/types.js";

export const REPORT_VERSION = 2;

/**
 * A judge's verdict on one requirement or preference, with the item's id (and the human label,
 * where the candidate has labels).
 */
export type ReportVerdict = Verdict & { id: ItemId; label?: "satisfied" | "unsatisfied" };

export interface TraceSummary {
  source: string;
  format: string;
  steps: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  durationS: number;
  /** From the transcript (optional: older reports lack them). */
  agent?: string;
  model?: string;
  status?: "finished" | "limit" | "crashed" | "unknown";
  toolCalls?: number;
  cachedTokens?: number;
  costKnown?: boolean;
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

/** Each labelled candidate's human labels, read from the file its config names. */
export type CandidateLabels = Map<string, { labels: import("../compare/judgment-types.js").JudgmentSet; file: string }>;

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

export interface CandidateMetrics extends Metrics {
  usage: Usage;
  /** Sum of the judges' time over every verdict, in milliseconds. */
  judgeTimeMs: number;
  /** Sum of the agents' run time where the runner ran them. */
  agentTimeMs: number;
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

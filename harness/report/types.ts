import type { Usage, Verdict, VerdictStatus } from "../../judges/types.js";

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, calls: 0, cost: 0, cachedCalls: 0, cachedInputTokens: 0, reasoningTokens: 0 });

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
    u.cachedInputTokens! += x.cachedInputTokens ?? 0;
    u.reasoningTokens! += x.reasoningTokens ?? 0;
    if (x.unpricedCalls) u.unpricedCalls = (u.unpricedCalls ?? 0) + x.unpricedCalls;
  }
  u.cost = Math.round(u.cost * 1e8) / 1e8;
  return u;
}
import type { CandidateMetrics } from "../metrics/report-metrics.js";
import type { ItemId } from "../tasks/types.js";

export const REPORT_VERSION = 1;

export type Counts = Record<VerdictStatus, number> & { total: number };

export const emptyCounts = (): Counts => ({ satisfied: 0, unsatisfied: 0, undecided: 0, error: 0, skipped: 0, total: 0 });

/** A judge's verdict on one requirement or preference, with the item's id. */
export type ReportVerdict = Verdict & { id: ItemId };

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

export interface LabelAgreement {
  /** The labels file compared against. */
  file: string;
  /** Requirements with a label and a decided verdict. */
  compared: number;
  agree: number;
  /** Labelled, but the verdict was undecided or error. */
  notDecided: number;
  /** Judged, but without a label. */
  unlabelled: number;
  disagreements: { task: string; id: ItemId; label: "satisfied" | "unsatisfied"; verdict: "satisfied" | "unsatisfied" }[];
}

export interface ReportCandidate {
  name: string;
  kind: string;
  tasks: ReportTask[];
  counts: Counts;
  preferenceCounts: Counts;
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
  /** Model usage of the whole run. */
  usage: Usage;
  /** Model calls tried again (429, 5xx, network, malformed or off-schema replies). */
  retries: number;
  warnings: string[];
}

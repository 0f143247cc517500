/**
 * devjudge as a library: what `devjudge run`, `compare`, `merge` and `diff` do, callable from
 * another TypeScript/ESM project.
 *
 *   import { evaluate, loadConfig } from "devjudge";
 *   const { report } = await evaluate(await loadConfig("devjudge.yaml"));
 */
export { evaluate, loadTasks, type EvaluateOptions, type EvaluateResult } from "./evaluate.js";
export { loadConfig, resolveConfig } from "./config/load-config.js";
export type { CandidateConfig, Config, JudgeConfig } from "./config/types.js";
export { loadSuite } from "./tasks/load-suite.js";
export type { Requirement, Preference, Task } from "./tasks/types.js";
export { InputError, formatDiagnostic, type Diagnostic } from "./core/diagnostics.js";
export { compareSets as compare, type Comparison } from "./compare/compare.js";
export { readJudgmentSets } from "./compare/read-sets.js";
export { compareFiles, comparisonJson, type FileComparison } from "./compare/compare-files.js";
export type { JudgmentSet } from "./compare/judgment-types.js";
export { diffReports, type RunDiff } from "./gates/diff.js";
export { diffAgainstLatest, type AgainstLatest } from "./history/against-latest.js";
export { recordFinishedRun, type RecordOptions } from "./history/record-finished-run.js";
export { runOutcome, type RunOutcome } from "./gates/run-outcome.js";
export { parseThresholds, type Threshold } from "./gates/thresholds.js";
export { mergeReports } from "./report/merge-reports.js";
export { reportFromJournal } from "./report/report-from-journal.js";
export { formatTrace } from "./trace/format-trace.js";
export { readTrace } from "./trace/read-trace.js";
export type { Trace, TraceStep } from "./trace/types.js";
export { readReport, writeRenderedReports } from "./report/write-reports.js";
export type { Coverage, LabelAgreement, Report, ReportCandidate, ReportTask, ReportVerdict } from "./report/types.js";
export { EventBus } from "./events/bus.js";
export type { RunEvent, RunManifest } from "./events/types.js";
export { NoEndpointError } from "./llm/endpoint.js";
export { SandboxUnavailableError } from "./exec/sandbox.js";
export type { Evidence, Judge, Verdict, VerdictStatus } from "../judges/types.js";
export { VERSION } from "./version.js";

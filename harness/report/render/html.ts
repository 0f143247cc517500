import { VERDICT_STATUSES } from "../../core/verdict.js";
import { agentRunsHtml } from "./agent-runs.js";
import { summaryNotes } from "../notes.js";
import type { Report } from "../types.js";
import { chartJsSource, inlineScript } from "./html/chart-js.js";
import { chartsSection } from "./html/charts.js";
import { CLIENT_SCRIPT } from "./html/client.js";
import { CSS } from "./html/css.js";
import { esc } from "./html/esc.js";
import { REVIEW_SCRIPT, reviewBar } from "./html/review.js";
import { failedUnits, headerAgreement, summaryTable, taskGrid, taskSections } from "./html/sections.js";
import { traceDialog, type TraceStepsOf } from "./html/trace.js";
import { formatDuration } from "../../util/format.js";

export interface HtmlOptions {
  /** The agent's trace steps per unit, embedded in the trace view (else only the cited steps are shown). */
  traceSteps?: TraceStepsOf;
}

function notesHtml(report: Report): string {
  const notes = summaryNotes(report).filter((l) => !l.includes("agreement with labels") && !l.startsWith("  failed "));
  return notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n.trim())}</li>`).join("")}</ul>` : "";
}

function filters(report: Report): string {
  const categories = [...new Set(report.suite.tasks.flatMap((t) => t.requirements.map((r) => r.category)))].sort();
  const labelled = report.candidates.some((c) => c.labels);
  const statuses = VERDICT_STATUSES.map(
    (s) => `<label class="${s}"><input type="checkbox" class="status" value="${s}" checked> ${s}</label>`,
  );
  const categoryOptions = categories.map((c) => `<option>${esc(c)}</option>`);
  const candidateOptions = report.candidates.map((c) => `<option>${esc(c.name)}</option>`);
  return `<div class="filters">${statuses.join("")}
${labelled ? `<label><input type="checkbox" id="f-disagree"> only disagreements with labels</label>` : ""}
<label>category <select id="f-category"><option value="">all</option>${categoryOptions.join("")}</select></label>
<label>candidate <select id="f-candidate"><option value="">all</option>${candidateOptions.join("")}</select></label>
<label>search <input id="f-text" type="search"></label> <span><b id="shown"></b> rows shown</span>
<button type="button" id="expand-all">expand all</button> <button type="button" id="collapse-all">collapse all</button>
${reviewBar(report)}</div>`;
}

/**
 * One self-contained page (no network): summary, charts, candidates × tasks, verdicts with labels
 * and evidence, traces, review mode.
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>devjudge ${esc(report.runId)}</title><style>${CSS}</style></head><body data-run="${esc(report.runId)}">\n` +
    `<header><h1>devjudge run ${esc(report.runId)}</h1>` +
    `<div>suite ${esc(report.suite.paths.join(", "))} · ${report.suite.tasks.length} tasks · ` +
    `judge ${esc(report.judge.name)} · ${formatDuration(report.durationMs)} · ${esc(report.finishedAt)}</div>` +
    `${headerAgreement(report)}</header>\n` +
    `${filters(report)}<main>${summaryTable(report)}${notesHtml(report)}${failedUnits(report)}` +
    `${chartsSection(report)}${agentRunsHtml(report, esc)}${taskGrid(report)}${taskSections(report)}</main>\n` +
    `${traceDialog(report, options.traceSteps)}\n` +
    `${inlineScript(chartJsSource())}<script>${CLIENT_SCRIPT}</script><script>${REVIEW_SCRIPT}</script></body></html>\n`
  );
}

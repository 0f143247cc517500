import type { ReportTask, ReportVerdict } from "../../types.js";
import { esc, SYMBOL } from "./esc.js";
import { evidenceHtml } from "./evidence.js";
import { formatDuration } from "../../../util/format.js";

export type ItemKind = "requirement" | "preference";

/** The human label beside a verdict: `label ✓` when they agree, a marked `label ✗ ≠` when not. */
function labelHtml(v: ReportVerdict): string {
  if (!v.label) return "";
  const agree = v.label === v.status;
  return (
    ` <span class="label ${agree ? "agree" : "disagree"}" ` +
    `title="human label: ${v.label}${agree ? "" : ` (verdict ${v.status})`}">` +
    `label ${SYMBOL[v.label]}${agree ? "" : " ≠"}</span>`
  );
}

/** One candidate's verdict on one item: status, label, and (opened) reason, evidence and judge. */
export function verdictCell(
  candidate: string,
  task: string,
  kind: ItemKind,
  v: ReportVerdict | undefined,
  unit: ReportTask | undefined,
): string {
  const attrs = `data-col="${esc(candidate)}" data-candidate="${esc(candidate)}"`;
  if (unit?.status === "failed")
    return (
      `<td class="verdict failed" ${attrs} data-status="error" data-failed>` +
      `<span class="error">failed</span> <small>(unit not judged: see failed units)</small></td>`
    );
  if (!v) return `<td class="verdict none" ${attrs}>–</td>`;
  const disagree = v.label !== undefined && v.label !== v.status;
  const data =
    `data-status="${v.status}" data-task="${esc(task)}" data-req="${esc(v.id)}" data-kind="${kind}"` +
    `${v.label ? ` data-label="${v.label}"` : ""}${disagree ? " data-disagree" : ""}`;
  const meta =
    `${esc(v.judge)} · ${formatDuration(v.durationMs)}` +
    `${v.usage ? ` · ${v.usage.inputTokens}/${v.usage.outputTokens} tokens` : ""}` +
    `${v.confidence < 1 ? ` · confidence ${v.confidence.toFixed(2)}` : ""}`;
  // inert until opened (the client script moves it in): a DevAI-sized page then lays out a fraction of its nodes
  const body =
    `<div class="reason">${esc(v.reason)}</div>` +
    `${evidenceHtml(v.evidence, { candidate, task })}<div class="meta">${meta}</div>`;
  return (
    `<td class="verdict ${v.status}${disagree ? " disagree" : ""}" ${attrs} ${data}><details><summary>` +
    `<span class="badge">${SYMBOL[v.status]}</span> ${v.status}${labelHtml(v)}</summary>` +
    `<template>${body}</template></details></td>`
  );
}

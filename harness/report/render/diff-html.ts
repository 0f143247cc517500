import type { RunDiff } from "../../gates/diff.js";
import { HEADLINE } from "../../gates/diff.js";
import type { Report, ReportVerdict } from "../types.js";
import { CSS } from "./html/css.js";
import { esc, SYMBOL } from "./html/esc.js";
import { evidenceHtml } from "./html/evidence.js";

const HEADLINE_NAMES = { reqMetI: "Req met (I) %", reqMetD: "Req met (D) %", solveRate: "solve rate %" } as const;

const verdictOf = (r: Report, candidate: string, task: string, id: string): ReportVerdict | undefined =>
  r.candidates
    .find((c) => c.name === candidate)
    ?.tasks.find((t) => t.task === task)
    ?.requirements.find((v) => String(v.id) === id);

function side(r: Report, v: ReportVerdict | undefined, candidate: string, task: string, which: "base" | "new"): string {
  if (!v) return `<td class="side ${which}">–</td>`;
  return (
    `<td class="side ${which} ${v.status}" data-side="${which}" data-status="${v.status}">` +
    `<div><span class="badge">${SYMBOL[v.status]}</span> <b>${v.status}</b> ` +
    `<span class="meta">${esc(r.runId)} · ${esc(v.judge)}</span></div>` +
    `<div class="reason">${esc(v.reason)}</div>${evidenceHtml(v.evidence, { candidate, task })}</td>`
  );
}

/**
 * The page for `devjudge diff --html`: metric deltas, then every flipped requirement grouped by
 * candidate and task, both verdicts side by side.
 */
export function renderDiffHtml(base: Report, next: Report, d: RunDiff): string {
  const criteria = new Map(
    next.suite.tasks.flatMap((t) => t.requirements.map((r) => [`${t.id}#${r.id}`, r.criteria] as const)),
  );
  const metricHeads = HEADLINE.map((k) => `<th>${HEADLINE_NAMES[k]}</th>`).join("");
  const metricRows = Object.entries(d.metrics).map(([c, m]) => {
    const cells = HEADLINE.map(
      (k) =>
        `<td class="num ${m[k].delta < 0 ? "unsatisfied" : m[k].delta > 0 ? "satisfied" : ""}" data-metric="${k}">` +
        `${m[k].base.toFixed(2)} → ${m[k].next.toFixed(2)} ` +
        `<b>(${m[k].delta >= 0 ? "+" : ""}${m[k].delta.toFixed(2)})</b></td>`,
    );
    return `<tr data-candidate="${esc(c)}"><td>${esc(c)}</td>${cells.join("")}</tr>`;
  });
  const metrics = `<table class="metrics"><tr><th>candidate</th>${metricHeads}</tr>${metricRows.join("")}</table>`;
  const groups = new Map<string, Map<string, RunDiff["flips"]>>();
  for (const f of d.flips) {
    const byTask = groups.get(f.candidate) ?? new Map<string, RunDiff["flips"]>();
    byTask.set(f.task, [...(byTask.get(f.task) ?? []), f]);
    groups.set(f.candidate, byTask);
  }
  const flipRow = (cand: string, task: string, f: RunDiff["flips"][number]) => {
    const id = String(f.id);
    const kind =
      f.to === "error"
        ? "lost"
        : f.from === "satisfied"
          ? "regression"
          : f.to === "satisfied"
            ? "improvement"
            : "change";
    return (
      `<tr class="flip ${kind}" data-task="${esc(task)}" data-req="${esc(id)}" data-kind="${kind}">` +
      `<td>#${esc(id)}<br><small>${kind}</small></td>` +
      `<td>${esc(criteria.get(`${task}#${id}`) ?? "")}<br>` +
      `<small>${SYMBOL[f.from]} ${f.from} → ${SYMBOL[f.to]} ${f.to}</small></td>` +
      `${side(base, verdictOf(base, cand, task, id), cand, task, "base")}` +
      `${side(next, verdictOf(next, cand, task, id), cand, task, "new")}</tr>`
    );
  };
  const taskTable = (cand: string, task: string, fs: RunDiff["flips"]) =>
    `<h3>${esc(task)}</h3><table class="items"><colgroup><col class="c-id"><col class="c-req"><col><col></colgroup>` +
    `<tr><th>id</th><th>requirement</th><th>base</th><th>new</th></tr>` +
    `${fs.map((f) => flipRow(cand, task, f)).join("")}</table>`;
  const flips = [...groups]
    .map(([cand, byTask]) => {
      const count = [...byTask.values()].reduce((n, f) => n + f.length, 0);
      return (
        `<section class="task flips" data-candidate="${esc(cand)}">` +
        `<h2>${esc(cand)} <small>${count} flipped</small></h2>` +
        `${[...byTask].map(([task, fs]) => taskTable(cand, task, fs)).join("")}</section>`
      );
    })
    .join("");
  const list = (title: string, items: string[], cls: string) =>
    items.length
      ? `<section class="${cls}"><h2>${title} (${items.length})</h2>` +
        `<ul>${items.map((r) => `<li>${esc(r)}</li>`).join("")}</ul></section>`
      : "";
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>devjudge diff ${esc(base.runId)} → ${esc(next.runId)}</title>` +
    `<style>${CSS}td.side{width:auto}tr.regression td:first-child{box-shadow:inset 3px 0 0 #c62828}` +
    `tr.improvement td:first-child{box-shadow:inset 3px 0 0 #12803a}</style></head><body>\n` +
    `<header><h1>devjudge diff</h1><div>base <b>${esc(base.runId)}</b> (${esc(base.finishedAt)}) → ` +
    `new <b>${esc(next.runId)}</b> (${esc(next.finishedAt)}) · ` +
    `judge ${esc(base.judge.name)} → ${esc(next.judge.name)} · ` +
    `<span id="flip-count">${d.flips.length}</span> verdict(s) flipped</div></header>\n` +
    `<main>${metrics}${list("regressions", d.regressions, "regressions")}` +
    `${list("lost to errors (coverage, not regressions)", d.lostCoverage, "lost")}` +
    `${list("only in base", d.onlyInBase, "only")}${list("only in new", d.onlyInNext, "only")}` +
    `${flips || "<p>No requirement changed its verdict.</p>"}</main></body></html>\n`
  );
}

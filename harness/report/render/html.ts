import { VERDICT_STATUSES, type Evidence, type VerdictStatus } from "../../core/verdict.js";
import { agentRunsHtml } from "./agent-runs.js";
import type { Report, ReportSuiteTask, ReportVerdict } from "../types.js";
import { pctOverJudged, summaryNotes } from "../notes.js";
import { formatMs } from "./summary-md.js";
import { formatCost } from "../format-cost.js";

const esc = (s: unknown) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f2 = (n: number) => n.toFixed(2);
const SYMBOL: Record<VerdictStatus, string> = { satisfied: "✓", unsatisfied: "✗", undecided: "?", error: "!", skipped: "–" };

function evidenceHtml(e: Evidence): string {
  switch (e.kind) {
    case "file": {
      const where = `${e.path}${e.startLine ? `:${e.startLine}${e.endLine && e.endLine !== e.startLine ? `-${e.endLine}` : ""}` : ""}`;
      return `<div class="ev"><code>${esc(where)}</code>${e.excerpt ? `<pre>${esc(e.excerpt)}</pre>` : ""}</div>`;
    }
    case "trace":
      return `<div class="ev"><code>trace step ${e.step}</code>${e.excerpt ? `<pre>${esc(e.excerpt)}</pre>` : ""}</div>`;
    case "command":
      return `<div class="ev"><code>$ ${esc(e.command)}</code> → exit ${e.exitCode ?? "none"}${e.timedOut ? " (timed out)" : ""}${e.output ? `<pre>${esc(e.output)}</pre>` : ""}</div>`;
    case "note":
      return `<div class="ev">${esc(e.text)}</div>`;
  }
}

/** Layered drawing of a task's requirement DAG: a node's column is its longest prerequisite chain. */
function dagSvg(task: ReportSuiteTask, statuses: (id: string) => VerdictStatus[]): string {
  const byId = new Map(task.requirements.map((r) => [String(r.id), r]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const r = byId.get(id);
    const d = r && r.prerequisites.length ? 1 + Math.max(...r.prerequisites.map((p) => (byId.has(String(p)) ? depthOf(String(p), seen) : -1))) : 0;
    depth.set(id, d);
    return d;
  };
  const cols = new Map<number, string[]>();
  for (const r of task.requirements) {
    const d = depthOf(String(r.id));
    cols.set(d, [...(cols.get(d) ?? []), String(r.id)]);
  }
  const W = 110;
  const H = 44;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of cols) ids.forEach((id, i) => pos.set(id, { x: 10 + d * W, y: 10 + i * H }));
  const width = 10 + (Math.max(...cols.keys()) + 1) * W;
  const height = 10 + Math.max(...[...cols.values()].map((c) => c.length)) * H;
  const edges = task.requirements.flatMap((r) =>
    r.prerequisites.filter((p) => pos.has(String(p))).map((p) => {
      const a = pos.get(String(p))!;
      const b = pos.get(String(r.id))!;
      return `<path d="M${a.x + 70},${a.y + 15} C${a.x + 90},${a.y + 15} ${b.x - 20},${b.y + 15} ${b.x},${b.y + 15}" class="edge" marker-end="url(#arrow)"/>`;
    }),
  );
  const nodes = task.requirements.map((r) => {
    const { x, y } = pos.get(String(r.id))!;
    const dots = statuses(String(r.id)).map((s, i) => `<circle cx="${x + 10 + i * 10}" cy="${y + 24}" r="3.5" class="dot ${s}"/>`).join("");
    return `<g class="node" data-req="${esc(r.id)}"><title>#${esc(r.id)} ${esc(r.criteria)}</title><rect x="${x}" y="${y}" width="70" height="30" rx="6"/><text x="${x + 8}" y="${y + 13}">#${esc(r.id)}</text>${dots}</g>`;
  });
  return `<svg class="dag" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${edges.join("")}${nodes.join("")}</svg>`;
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1f23;background:#f6f7f9}
header,main{padding:12px 24px}header{background:#1d2433;color:#fff}header h1{font-size:18px;margin:0 0 4px}
table{border-collapse:collapse;background:#fff;margin:8px 0}th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right}.satisfied{color:#12803a}.unsatisfied{color:#c62828}.undecided{color:#7a6a00}.error{color:#b35c00}.skipped{color:#667}
.badge{display:inline-block;min-width:1.4em;text-align:center;font-weight:700}
.filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #dde1e6;padding:8px 24px;z-index:2}.filters label{margin-right:12px}
section.task{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px 16px;margin:16px 0}
.dag rect{fill:#f0f3f8;stroke:#8893a5}.dag text{font-size:11px}.dag .edge{fill:none;stroke:#8893a5}.dot.satisfied{fill:#12803a}.dot.unsatisfied{fill:#c62828}.dot.undecided{fill:#c9b400}.dot.error{fill:#e07b00}.dot.skipped{fill:#999}
details summary{cursor:pointer}.verdict details>:not(summary){color:#1d1f23}.meta{color:#667;font-size:12px}.legend{color:#667;font-size:12px}pre{background:#f4f5f7;padding:6px;overflow:auto;max-height:16em;margin:4px 0}.ev{margin:4px 0}.reason{margin:4px 0}
.grid td.cell{font-variant-numeric:tabular-nums}.hidden{display:none}
`;

const SCRIPT = `
const boxes=[...document.querySelectorAll('.filters input[type=checkbox]')];
const cat=document.getElementById('f-category');const cand=document.getElementById('f-candidate');const q=document.getElementById('f-text');
function apply(){const on=new Set(boxes.filter(b=>b.checked).map(b=>b.value));const c=cat.value;const who=cand.value;const text=q.value.toLowerCase();
let shown=0;for(const row of document.querySelectorAll('tr.req')){const cells=[...row.querySelectorAll('td.verdict')];
let hit=cells.some(td=>on.has(td.dataset.status)&&(!who||td.dataset.candidate===who));
if(c&&row.dataset.category!==c)hit=false;if(text&&!row.textContent.toLowerCase().includes(text))hit=false;row.classList.toggle('hidden',!hit);if(hit)shown++;}
for(const s of document.querySelectorAll('section.task')){s.classList.toggle('hidden',!s.querySelector('tr.req:not(.hidden)'));}
document.getElementById('shown').textContent=String(shown);}
for(const el of [...boxes,cat,cand,q])el.addEventListener('input',apply);apply();
`;

function notesHtml(report: Report): string {
  const notes = summaryNotes(report).filter((l) => !l.includes("agreement with labels"));
  return notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n.trim())}</li>`).join("")}</ul>` : "";
}

/** One self-contained page (no network): candidates × tasks, filters, verdicts with evidence, the DAG per task. */
export function renderHtml(report: Report): string {
  const verdictOf = (candidate: string, task: string, id: string): ReportVerdict | undefined =>
    report.candidates.find((c) => c.name === candidate)?.tasks.find((t) => t.task === task)?.requirements.find((v) => String(v.id) === id);
  const categories = [...new Set(report.suite.tasks.flatMap((t) => t.requirements.map((r) => r.category)))].sort();
  const names = report.candidates.map((c) => c.name);

  const labelled = report.candidates.some((c) => c.labels);
  const summary = `<table class="summary"><tr><th>candidate</th><th title="requirements judged / to judge; metrics are over judged ones">judged</th><th>Req met (I) %</th><th>Req met (D) %</th><th>solved %</th><th>self-term. %</th>${VERDICT_STATUSES.map((s) => `<th class="${s}">${s}</th>`).join("")}<th>prefs</th><th>tokens in/out</th><th>cost $</th><th>judge time</th>${labelled ? `<th title="over every labelled requirement; undecided, error and skipped count as disagreement">alignment %</th><th>kappa</th><th>decided-only %</th>` : ""}</tr>${report.candidates
    .map((c) => {
      const m = c.metrics;
      const l = c.labels;
      const agreement = !labelled ? "" : l ? `<td class="num" data-alignment>${f2(l.alignment)}</td><td class="num">${l.kappa.toFixed(3)}</td><td class="num">${f2(l.decidedAlignment)} <small>of ${l.decided}</small></td>` : "<td>–</td><td>–</td><td>–</td>";
      return `<tr data-candidate="${esc(c.name)}"><td>${esc(c.name)}</td><td class="num" data-coverage>${c.coverage.judged}/${c.coverage.total}</td><td class="num">${pctOverJudged(m, m.reqMetI)}</td><td class="num">${pctOverJudged(m, m.reqMetD)}</td><td class="num">${m.decidedTasks ? f2(m.solveRate) : "–"}</td><td class="num">${m.selfTermination === null ? "–" : f2(m.selfTermination)}</td>${VERDICT_STATUSES.map((s) => `<td class="num ${s}" data-count="${s}">${m.counts[s]}</td>`).join("")}<td class="num">${m.preferences.satisfied}/${m.preferences.total}</td><td class="num">${m.usage.inputTokens}/${m.usage.outputTokens}${m.usage.cachedInputTokens ? ` (${m.usage.cachedInputTokens} cached)` : ""}</td><td class="num">${formatCost(m.usage)}</td><td class="num">${formatMs(m.judgeTimeMs)}</td>${agreement}</tr>`;
    })
    .join("")}</table>`;

  const grid = `<table class="grid"><tr><th>task</th>${names.map((n) => `<th>${esc(n)}</th>`).join("")}</tr>${report.suite.tasks
    .map((t) => `<tr><td><a href="#task-${esc(t.id)}">${esc(t.id)}</a></td>${report.candidates
      .map((c) => {
        const rt = c.tasks.find((x) => x.task === t.id);
        if (!rt) return "<td>–</td>";
        if (rt.status === "failed") return `<td class="cell error" title="${esc(rt.error ?? "")}">failed</td>`;
        return `<td class="cell">${VERDICT_STATUSES.filter((s) => rt.counts[s]).map((s) => `<span class="${s}">${rt.counts[s]}${SYMBOL[s]}</span>`).join(" ")}</td>`;
      })
      .join("")}</tr>`)
    .join("")}</table>`;

  const sections = report.suite.tasks
    .map((t) => {
      const rows = t.requirements
        .map((r) => {
          const id = String(r.id);
          const cells = names
            .map((n) => {
              const v = verdictOf(n, t.id, id);
              if (!v) return `<td>–</td>`;
              return `<td class="verdict ${v.status}" data-status="${v.status}" data-candidate="${esc(n)}" data-task="${esc(t.id)}" data-req="${esc(id)}"><details><summary><span class="badge">${SYMBOL[v.status]}</span> ${v.status}</summary><div class="reason">${esc(v.reason)}</div>${v.evidence.map(evidenceHtml).join("")}<div class="meta">${esc(v.judge)} · ${formatMs(v.durationMs)}${v.usage ? ` · ${v.usage.inputTokens}/${v.usage.outputTokens} tokens${v.usage.cachedInputTokens ? ` (${v.usage.cachedInputTokens} cached)` : ""}` : ""}</div></details></td>`;
            })
            .join("");
          const pre = r.prerequisites.length ? ` <small>needs ${r.prerequisites.map((p) => `#${esc(p)}`).join(", ")}</small>` : "";
          return `<tr class="req" data-category="${esc(r.category)}"><td>#${esc(id)}</td><td>${esc(r.criteria)}${pre}<br><small>${esc(r.category)}</small></td>${cells}</tr>`;
        })
        .join("");
      const svg = dagSvg(t, (id) => names.map((n) => verdictOf(n, t.id, id)?.status ?? "skipped"));
      return `<section class="task" id="task-${esc(t.id)}"><h2>${esc(t.id)}</h2><p>${esc(t.name)}</p>${svg}<div class="legend">requirement graph: arrows run from a prerequisite to what needs it; dots, left to right: ${names.map(esc).join(", ")}</div><table><tr><th>id</th><th>requirement</th>${names.map((n) => `<th>${esc(n)}</th>`).join("")}</tr>${rows}</table></section>`;
    })
    .join("");

  const filters = `<div class="filters">${VERDICT_STATUSES.map((s) => `<label class="${s}"><input type="checkbox" value="${s}" checked> ${s}</label>`).join("")}
<label>category <select id="f-category"><option value="">all</option>${categories.map((c) => `<option>${esc(c)}</option>`).join("")}</select></label>
<label>candidate <select id="f-candidate"><option value="">all</option>${names.map((n) => `<option>${esc(n)}</option>`).join("")}</select></label>
<label>search <input id="f-text" type="search"></label> <span><b id="shown"></b> requirement rows shown</span></div>`;

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>devjudge ${esc(report.runId)}</title><style>${CSS}</style></head><body>
<header><h1>devjudge run ${esc(report.runId)}</h1><div>suite ${esc(report.suite.paths.join(", "))} · ${report.suite.tasks.length} tasks · judge ${esc(report.judge.name)} · ${formatMs(report.durationMs)} · ${esc(report.finishedAt)}</div></header>
${filters}<main>${summary}${notesHtml(report)}${agentRunsHtml(report, esc)}${grid}${sections}</main><script>${SCRIPT}</script></body></html>
`;
}

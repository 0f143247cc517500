import { VERDICT_STATUSES } from "../../../core/verdict.js";
import { pctOverJudged } from "../../notes.js";
import type { Report, ReportCandidate, ReportSuiteTask, ReportTask, ReportVerdict } from "../../types.js";
import { dagSvg } from "./dag.js";
import { esc, SYMBOL } from "./esc.js";
import { verdictCell, type ItemKind } from "./verdict-cell.js";
import { f2, formatCost, formatDuration } from "../../../util/format.js";

const unitOf = (c: ReportCandidate, task: string) => c.tasks.find((t) => t.task === task);

/** Agreement with human labels per candidate, the numbers `devjudge compare` prints. */
export function headerAgreement(report: Report): string {
  const rows = report.candidates.filter((c) => c.labels);
  if (!rows.length) return "";
  return `<div class="agreement">${rows
    .map((c) => {
      const l = c.labels!;
      return (
        `<span data-col="${esc(c.name)}" data-agreement="${esc(c.name)}">${esc(c.name)}: ` +
        `alignment <b data-alignment>${f2(l.alignment)}%</b> (${l.agree}/${l.labelled}) · ` +
        `κ <b data-kappa>${l.kappa.toFixed(3)}</b> · ${l.disagreements.length} disagreement(s)</span>`
      );
    })
    .join(" ")}</div>`;
}

export function summaryTable(report: Report): string {
  const labelled = report.candidates.some((c) => c.labels);
  const agreementHead = labelled
    ? `<th title="over every labelled requirement; undecided, error and skipped count as disagreement">` +
      `alignment %</th><th>kappa</th><th>decided-only %</th>`
    : "";
  const head =
    `<tr><th>candidate</th>` +
    `<th title="requirements judged / to judge; metrics are over judged ones">judged</th>` +
    `<th>Req met (I) %</th><th>Req met (D) %</th><th>solved %</th><th>self-term. %</th>` +
    `${VERDICT_STATUSES.map((s) => `<th class="${s}">${s}</th>`).join("")}` +
    `<th>prefs</th><th>tokens in/out</th><th>cost $</th><th>judge time</th>${agreementHead}</tr>`;
  const rows = report.candidates.map((c) => {
    const m = c.metrics;
    const l = c.labels;
    const agreement = !labelled
      ? ""
      : l
        ? `<td class="num" data-alignment>${f2(l.alignment)}</td>` +
          `<td class="num" data-kappa>${l.kappa.toFixed(3)}</td>` +
          `<td class="num">${f2(l.decidedAlignment)} <small>of ${l.decided}</small></td>`
        : "<td>–</td><td>–</td><td>–</td>";
    return (
      `<tr data-candidate="${esc(c.name)}" data-col="${esc(c.name)}"><td>${esc(c.name)}</td>` +
      `<td class="num" data-coverage>${c.coverage.judged}/${c.coverage.total}</td>` +
      `<td class="num">${pctOverJudged(m, m.reqMetI)}</td><td class="num">${pctOverJudged(m, m.reqMetD)}</td>` +
      `<td class="num">${m.decidedTasks ? f2(m.solveRate) : "–"}</td>` +
      `<td class="num">${m.selfTermination === null ? "–" : f2(m.selfTermination)}</td>` +
      `${VERDICT_STATUSES.map((s) => `<td class="num ${s}" data-count="${s}">${m.counts[s]}</td>`).join("")}` +
      `<td class="num" data-prefs>${m.preferences.satisfied}/${m.preferences.total}</td>` +
      `<td class="num">${m.usage.inputTokens}/${m.usage.outputTokens}` +
      `${m.usage.cachedInputTokens ? ` (${m.usage.cachedInputTokens} cached)` : ""}</td>` +
      `<td class="num">${formatCost(m.usage)}</td>` +
      `<td class="num">${formatDuration(m.judgeTimeMs)}</td>${agreement}</tr>`
    );
  });
  return `<div class="scroll"><table class="summary">${head}${rows.join("")}</table></div>`;
}

/** Units that could not be judged, grouped by cause, so fifty failures read as a few lines. */
export function failedUnits(report: Report): string {
  const byCause = new Map<string, string[]>();
  for (const c of report.candidates)
    for (const f of c.coverage.failedUnits)
      byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), `${c.name}/${f.task}`]);
  if (!byCause.size) return "";
  const total = [...byCause.values()].reduce((n, u) => n + u.length, 0);
  return `<section class="failed-units"><h2>${total} failed unit(s), ${byCause.size} cause(s)</h2>${[...byCause]
    .map(
      ([cause, units]) =>
        `<details class="cause"><summary><b>${units.length}</b> × ` +
        `<span class="cause-text">${esc(cause)}</span></summary>` +
        `<div class="units">${units.map(esc).join(", ")}</div></details>`,
    )
    .join("")}</section>`;
}

export function taskGrid(report: Report): string {
  const cell = (c: ReportCandidate, t: ReportSuiteTask) => {
    const rt = unitOf(c, t.id);
    const col = `data-col="${esc(c.name)}"`;
    if (!rt) return `<td ${col}>–</td>`;
    if (rt.status === "failed") return `<td class="cell error" ${col} title="${esc(rt.error ?? "")}">failed</td>`;
    const trace = rt.trace
      ? ` <button type="button" class="trace-link unit" data-candidate="${esc(c.name)}" data-task="${esc(t.id)}" ` +
        `title="the agent's trace">trace</button>`
      : "";
    return `<td class="cell" ${col}>${VERDICT_STATUSES.filter((s) => rt.counts[s])
      .map((s) => `<span class="${s}">${rt.counts[s]}${SYMBOL[s]}</span>`)
      .join(" ")}${trace}</td>`;
  };
  const heads = report.candidates.map((c) => `<th data-col="${esc(c.name)}">${esc(c.name)}</th>`).join("");
  const rows = report.suite.tasks.map(
    (t) =>
      `<tr><td><a href="#task-${esc(t.id)}">${esc(t.id)}</a></td>` +
      `${report.candidates.map((c) => cell(c, t)).join("")}</tr>`,
  );
  return `<table class="grid"><tr><th>task</th>${heads}</tr>${rows.join("")}</table>`;
}

function itemRows(report: Report, t: ReportSuiteTask, kind: ItemKind): string {
  const items =
    kind === "requirement"
      ? t.requirements
      : t.preferences.map((p) => ({ ...p, category: "preference", prerequisites: [] }));
  const verdicts = (rt: ReportTask | undefined): ReportVerdict[] =>
    (kind === "requirement" ? rt?.requirements : rt?.preferences) ?? [];
  return items
    .map((r) => {
      const id = String(r.id);
      const cells = report.candidates.map((c) => {
        const rt = unitOf(c, t.id);
        return verdictCell(
          c.name,
          t.id,
          kind,
          verdicts(rt).find((v) => String(v.id) === id),
          rt,
        );
      });
      const pre = r.prerequisites.length
        ? ` <small>needs ${r.prerequisites.map((p) => `#${esc(p)}`).join(", ")}</small>`
        : "";
      return (
        `<tr class="req ${kind}" data-category="${esc(r.category)}">` +
        `<td>${kind === "preference" ? "pref " : ""}#${esc(id)}</td>` +
        `<td>${esc(r.criteria)}${pre}<br><small>${esc(r.category)}</small></td>${cells.join("")}</tr>`
      );
    })
    .join("");
}

export function taskSections(report: Report): string {
  const names = report.candidates.map((c) => c.name);
  const heads = names.map((n) => `<th data-col="${esc(n)}">${esc(n)}</th>`).join("");
  const colgroup =
    `<colgroup><col class="c-id"><col class="c-req">` +
    `${names.map((n) => `<col data-col="${esc(n)}">`).join("")}</colgroup>`;
  return report.suite.tasks
    .map((t) => {
      const statuses = (id: string) =>
        report.candidates.map(
          (c) => unitOf(c, t.id)?.requirements.find((v) => String(v.id) === id)?.status ?? "skipped",
        );
      const prefs = t.preferences.length
        ? `<tr class="subhead"><th colspan="${2 + names.length}">` +
          `preferences (soft: reported, not in the metrics)</th></tr>` +
          `${itemRows(report, t, "preference")}`
        : "";
      return (
        `<section class="task" id="task-${esc(t.id)}"><h2>${esc(t.id)}</h2><p>${esc(t.name)}</p>` +
        `${dagSvg(t, statuses)}<div class="legend">requirement graph: arrows run from a prerequisite to what ` +
        `needs it; dots, left to right: ${names.map(esc).join(", ")}</div>` +
        `<table class="items">${colgroup}<tr><th>id</th><th>requirement</th>${heads}</tr>` +
        `${itemRows(report, t, "requirement")}${prefs}</table></section>`
      );
    })
    .join("");
}

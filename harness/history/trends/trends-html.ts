export interface TrendsData {
  generatedAt: string;
  runs: { runId: string; startedAt: string; branch: string | null; commit: string | null; link: string | null }[];
  candidates: {
    name: string;
    reqMetI: (number | null)[];
    reqMetD: (number | null)[];
    solveRate: (number | null)[];
    cost: (number | null)[];
    coverage: (number | null)[];
  }[];
  flaky: { requirement: string; flipRate: number; flips: number; comparable: number; passK: number | null }[];
}

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const CHARTS = [
  ["reqMetI", "Requirements met (I), %"],
  ["reqMetD", "Requirements met (D), %"],
  ["solveRate", "Task solve rate, %"],
  ["coverage", "Coverage (judged requirements), %"],
  ["cost", "Judge cost, USD"],
] as const;

/**
 * The page's own script: one line chart per figure, a point per run and candidate; clicking a point
 * opens that run's report.
 */
const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById("trends-data").textContent);
const palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];
const labels = data.runs.map((r) => r.startedAt.slice(0, 16).replace("T", " "));
const charts = {};
function openRun(index) {
  const run = data.runs[index];
  if (run && run.link) window.location.href = run.link;
}
for (const canvas of document.querySelectorAll("canvas[data-figure]")) {
  const figure = canvas.dataset.figure;
  charts[figure] = new Chart(canvas, {
    type: "line",
    data: {
      labels,
      datasets: data.candidates.map((c, i) => ({
        label: c.name,
        data: c[figure],
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        pointRadius: data.runs.length > 60 ? 2 : 4,
        pointHoverRadius: 6,
        spanGaps: true,
        tension: 0
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: true },
      scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => {
              const r = data.runs[items[0].dataIndex];
              return r.runId + " · " + labels[items[0].dataIndex] + (r.branch ? " · " + r.branch : "");
            },
            footer: () => "click to open the run"
          }
        },
      },
      onClick: (event, elements) => { if (elements.length) openRun(elements[0].index); },
      onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? "pointer" : "default"; },
    },
  });
}
window.__trends = { charts, ready: true };
`;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function trendsHtml(data: TrendsData, chartJs: string): string {
  const flakyRows = data.flaky.length
    ? data.flaky
        .map(
          (f) =>
            `<tr><td>${esc(f.requirement)}</td><td>${(100 * f.flipRate).toFixed(0)}%</td>` +
            `<td>${f.flips}/${f.comparable}</td><td>${f.passK === null ? "–" : f.passK.toFixed(2)}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="4">No verdict changed between runs with the same workspace and the same judge.</td></tr>`;
  const runRows = [...data.runs]
    .reverse()
    .map(
      (r) =>
        `<tr><td>${r.link ? `<a href="${esc(r.link)}">${esc(r.runId)}</a>` : esc(r.runId)}</td>` +
        `<td>${esc(r.startedAt)}</td><td>${esc([r.branch, r.commit?.slice(0, 8)].filter(Boolean).join("@"))}</td></tr>`,
    )
    .join("\n");
  const summary =
    `${data.runs.length} run(s), ${data.candidates.length} candidate(s); generated ${esc(data.generatedAt)}. ` +
    `Click a point to open that run's report.`;
  const charts = CHARTS.map(
    ([key, title]) =>
      `<section><h2>${title}</h2>` +
      `<div class="chart"><canvas data-figure="${key}" aria-label="${title}"></canvas></div></section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>devjudge trends · ${data.runs.length} run(s)</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #111; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 1.5rem; }
.chart { height: 300px; position: relative; }
h2 { font-size: 1rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; margin-top: .5rem; }
td, th { padding: .2rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
.muted { color: #666; }
</style>
</head>
<body>
<h1>devjudge trends</h1>
<p class="muted">${summary}</p>
<div class="charts">
${charts.join("\n")}
</div>
<h2 style="margin-top:2rem">Flaky judgments (same workspace, same judge, different verdict)</h2>
<table id="flaky"><thead><tr><th>requirement</th><th>flip rate</th><th>flips</th><th>pass^3</th></tr></thead><tbody>
${flakyRows}
</tbody></table>
<h2 style="margin-top:2rem">Runs</h2>
<table id="runs"><thead><tr><th>run</th><th>started</th><th>branch@commit</th></tr></thead><tbody>
${runRows}
</tbody></table>
<script type="application/json" id="trends-data">${scriptJson(data)}</script>
<script>${chartJs.replace(/<\/script/gi, "<\\/script")}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

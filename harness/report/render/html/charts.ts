import type { Report } from "../../types.js";
import { jsonForScript } from "./esc.js";

export interface ChartData {
  candidates: string[];
  reqMetI: number[];
  reqMetD: number[];
  categories: string[];
  /**
   * byCategory[candidate index][category index]: Req met (I) %, null where the candidate has no
   * judged requirement of it.
   */
  byCategory: (number | null)[][];
}

export function chartData(report: Report): ChartData {
  const categories = [...new Set(report.candidates.flatMap((c) => c.metrics.categories.map((k) => k.category)))].sort();
  return {
    candidates: report.candidates.map((c) => c.name),
    reqMetI: report.candidates.map((c) => c.metrics.reqMetI),
    reqMetD: report.candidates.map((c) => c.metrics.reqMetD),
    categories,
    byCategory: report.candidates.map((c) =>
      categories.map((k) => {
        const m = c.metrics.categories.find((x) => x.category === k);
        return m && m.requirements ? m.reqMetI : null;
      }),
    ),
  };
}

/**
 * Canvases for the client script: Req met per candidate; per category as grouped bars, and a radar
 * when there are several candidates.
 */
export function chartsSection(report: Report): string {
  const data = chartData(report);
  const radar = data.candidates.length > 1 && data.categories.length > 2;
  const radarChart = radar
    ? `<div class="chart"><h3>Categories across candidates</h3>` +
      `<canvas id="chart-radar" aria-label="radar of categories"></canvas></div>`
    : "";
  return (
    `<section class="charts"><div class="chart"><h3>Requirements met per candidate (%)</h3>` +
    `<canvas id="chart-candidates" aria-label="Req met per candidate"></canvas></div>` +
    `<div class="chart"><h3>Req met (I) per category (%)</h3>` +
    `<canvas id="chart-categories" aria-label="Req met per category"></canvas></div>` +
    `${radarChart}</section>` +
    `<script type="application/json" id="chart-data">${jsonForScript(data)}</script>`
  );
}

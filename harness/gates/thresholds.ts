import type { Report } from "../report/types.js";
import { InputError } from "../core/diagnostics.js";

/** Metrics `--fail-under` understands, read off a candidate's metrics (percentages). */
const METRICS = {
  reqMetI: (m) => m.reqMetI,
  reqMetD: (m) => m.reqMetD,
  solveRate: (m) => m.solveRate,
  selfTermination: (m) => m.selfTermination,
  preferences: (m) => m.preferences.rate,
} satisfies Record<string, (m: Report["candidates"][number]["metrics"]) => number | null>;

export type ThresholdMetric = keyof typeof METRICS;
export interface Threshold {
  metric: ThresholdMetric;
  min: number;
}

/** Parses `reqMetI=60` (several may be given, or comma-separated). Throws with the allowed names. */
export function parseThresholds(specs: string[]): Threshold[] {
  return specs
    .flatMap((s) => s.split(","))
    .filter(Boolean)
    .map((spec) => {
      const m = /^([A-Za-z]+)=(-?\d+(?:\.\d+)?)$/.exec(spec.trim());
      if (!m || !(m[1]! in METRICS))
        throw new InputError(
          [],
          `--fail-under '${spec}': expected <metric>=<percent> with metric one of ${Object.keys(METRICS).join(", ")}`,
        );
      return { metric: m[1] as ThresholdMetric, min: Number(m[2]) };
    });
}

/** One line per candidate and metric below its threshold. */
export function belowThresholds(report: Report, thresholds: Threshold[]): string[] {
  const out: string[] = [];
  for (const c of report.candidates) {
    for (const t of thresholds) {
      const v = METRICS[t.metric](c.metrics);
      if (v !== null && v < t.min) out.push(`${c.name}: ${t.metric} ${v.toFixed(2)} < ${t.min}`);
    }
  }
  return out;
}

import { resolve } from "node:path";
import { readTrace } from "../../../trace/read-trace.js";
import type { TraceStep } from "../../../trace/types.js";
import type { Report } from "../../types.js";
import type { TraceStepsOf } from "./trace.js";
import { unitKey } from "../../../core/keys.js";

/** Steps kept per unit in the page: enough for any cited step of a typical run, bounded for a runaway trace. */
export const MAX_STEPS = 400;

/**
 * Reads each unit's trace file (named in report.json, relative to the folder the run started in)
 * so the page's trace view can show every step. A file that is gone or unreadable leaves that
 * unit with its cited steps only — the report is still written.
 */
export async function readTraceSteps(report: Report, base = process.cwd()): Promise<TraceStepsOf> {
  const steps = new Map<string, TraceStep[]>();
  await Promise.all(
    report.candidates.flatMap((c) =>
      c.tasks.map(async (t) => {
        if (!t.trace) return;
        const trace = await readTrace(resolve(base, t.trace.source), t.trace.format).catch(() => undefined);
        if (trace) steps.set(unitKey(c.name, t.task), trace.steps.slice(0, MAX_STEPS));
      }),
    ),
  );
  return (c, t) => steps.get(unitKey(c, t));
}

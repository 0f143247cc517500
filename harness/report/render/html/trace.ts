import type { TraceStep } from "../../../trace/types.js";
import type { Report, ReportTask } from "../../types.js";
import { jsonForScript } from "./esc.js";

/** What a step did: the free-text action (DevAI, logs), else its tool calls with their arguments. */
const actionOf = (s: TraceStep) =>
  s.action ??
  (s.toolCalls.length
    ? s.toolCalls.map((c) => `${c.name} ${typeof c.args === "string" ? c.args : JSON.stringify(c.args)}`).join("\n")
    : undefined);
/** What it saw: the free-text observation, else each call's result. */
const observationOf = (s: TraceStep) =>
  s.observation ??
  (s.observations.length
    ? s.observations.map((o) => (o.isError ? `[error] ${o.text}` : o.text)).join("\n")
    : undefined);

/** One step as the trace view shows it: what the agent thought, did and saw, and which verdicts cite it. */
export interface TraceStepView {
  step: number;
  thought?: string;
  action?: string;
  observation?: string;
  usage?: { inputTokens: number; outputTokens: number; cost: number };
  durationS?: number;
  /** The verdicts that cite this step, with the excerpt each quoted. */
  cited: { req: string; excerpt?: string }[];
}

export interface TraceUnitView {
  candidate: string;
  task: string;
  /** The agent's own totals (trace summary) and its run (command candidates). */
  summary?: ReportTask["trace"];
  agent?: ReportTask["agent"];
  steps: TraceStepView[];
  /** True when the steps carry the agent's thought/action/observation; false when only cited excerpts are known. */
  full: boolean;
}

/**
 * Per-step trace data for a unit, when the caller has it (read from the trace file); the report
 * alone holds only summaries.
 */
export type TraceStepsOf = (candidate: string, task: string) => TraceStep[] | undefined;

const CLIP = 4000;
/** Characters of trace text a page embeds in all (about 8 MB): beyond it, units show their cited steps only. */
export const PAGE_TRACE_BUDGET = 8_000_000;
const clip = (s: string | null | undefined) =>
  s ? (s.length > CLIP ? `${s.slice(0, CLIP)}… (${s.length - CLIP} more characters in the trace file)` : s) : undefined;

/**
 * What the page's trace view shows per unit. From report.json alone: the trace summary and every
 * step a verdict cites, with the cited excerpt. Given the steps themselves (`stepsOf`), each step
 * also carries its thought, action and observation, tokens, cost and time.
 */
export function traceViews(report: Report, stepsOf?: TraceStepsOf, budgetChars = PAGE_TRACE_BUDGET): TraceUnitView[] {
  const out: TraceUnitView[] = [];
  let left = budgetChars;
  for (const c of report.candidates) {
    for (const t of c.tasks) {
      const cited = new Map<number, TraceStepView["cited"]>();
      for (const v of [...t.requirements, ...t.preferences]) {
        for (const e of v.evidence)
          if (e.kind === "trace")
            cited.set(e.step, [...(cited.get(e.step) ?? []), { req: String(v.id), excerpt: e.excerpt }]);
      }
      let steps = stepsOf?.(c.name, t.task);
      if (!t.trace && !cited.size && !steps) continue;
      const size =
        steps?.reduce(
          (n, s) =>
            n +
            Math.min(CLIP, s.thought?.length ?? 0) +
            Math.min(CLIP, actionOf(s)?.length ?? 0) +
            Math.min(CLIP, observationOf(s)?.length ?? 0),
          0,
        ) ?? 0;
      // past the page's budget, a unit keeps its cited steps only: the page must still open fast
      if (steps && size > left) steps = undefined;
      else left -= size;
      const views: TraceStepView[] = steps
        ? steps.map((s) => ({
            step: s.index,
            thought: clip(s.thought),
            action: clip(actionOf(s)),
            observation: clip(observationOf(s)),
            usage: s.usage,
            durationS: s.durationS,
            cited: cited.get(s.index) ?? [],
          }))
        : [...cited].sort((a, b) => a[0] - b[0]).map(([step, cites]) => ({ step, cited: cites }));
      out.push({
        candidate: c.name,
        task: t.task,
        summary: t.trace,
        agent: t.agent,
        steps: views,
        full: Boolean(steps),
      });
    }
  }
  return out;
}

export function traceDialog(report: Report, stepsOf?: TraceStepsOf): string {
  return (
    `<dialog id="trace-view"><form method="dialog" class="close"><button>close</button></form>` +
    `<div id="trace-body"></div></dialog>` +
    `<script type="application/json" id="trace-data">${jsonForScript(traceViews(report, stepsOf))}</script>`
  );
}

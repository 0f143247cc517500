import { clip } from "./source.js";
import {
  traceTotals,
  type FileEdit,
  type Observation,
  type ToolCall,
  type Trace,
  type TraceStep,
  type TraceTotals,
} from "./types.js";

/**
 * A trace keeps its first and last steps; the ones between are counted in the totals, then dropped,
 * so a huge transcript's Trace stays small.
 */
export const KEEP_HEAD_STEPS = 2000;
export const KEEP_TAIL_STEPS = 2000;

/**
 * Collects steps as a reader walks a transcript: a step per model response (found again by its
 * response id when the format splits one response over several records), observations joined to
 * the step whose tool call they answer.
 */
export class TraceBuilder {
  readonly steps: TraceStep[] = [];
  private nextIndex = 0;
  /** Totals of the steps dropped from the middle. */
  private elided: { steps: number; after: number; totals: TraceTotals } | undefined;
  private readonly keyOf = new Map<TraceStep, string>();
  private readonly byKey = new Map<string, TraceStep>();
  private readonly byCall = new Map<string, TraceStep>();
  readonly trace: Omit<Trace, "steps" | "totals" | "final"> & { final: Trace["final"] };
  private firstAt: number | undefined;
  private lastAt: number | undefined;
  /** The user message waiting for the next step. */
  private pendingUser: string | undefined;

  constructor(format: string, source: string, agent?: string) {
    this.trace = { format, source, agent, final: { status: "unknown" } };
  }

  /** The step for a response id (created when new), or a fresh step when there is no id. */
  step(key?: string, init: Partial<TraceStep> = {}): TraceStep {
    const known = key === undefined ? undefined : this.byKey.get(key);
    if (known) return known;
    const s: TraceStep = { index: this.nextIndex++, toolCalls: [], observations: [], ...init };
    if (this.pendingUser !== undefined) {
      s.userMessage = this.pendingUser;
      this.pendingUser = undefined;
    }
    this.steps.push(s);
    if (key !== undefined) {
      this.byKey.set(key, s);
      this.keyOf.set(s, key);
    }
    if (this.steps.length > KEEP_HEAD_STEPS + KEEP_TAIL_STEPS + 1000) this.elideMiddle();
    return s;
  }

  /** Folds the steps between the kept head and tail into the totals and forgets them. */
  private elideMiddle() {
    const gone = this.steps.splice(KEEP_HEAD_STEPS, this.steps.length - KEEP_HEAD_STEPS - KEEP_TAIL_STEPS);
    const t = traceTotals(gone);
    const e = (this.elided ??= { steps: 0, after: KEEP_HEAD_STEPS - 1, totals: traceTotals([]) });
    e.steps += gone.length;
    for (const k of ["inputTokens", "outputTokens", "cachedTokens", "cost", "toolCalls"] as const) e.totals[k] += t[k];
    e.totals.costKnown ||= t.costKnown;
    e.totals.durationS += gone.reduce((n, g) => n + (g.durationS ?? 0), 0);
    for (const g of gone) {
      const key = this.keyOf.get(g);
      if (key !== undefined && this.byKey.get(key) === g) this.byKey.delete(key);
      this.keyOf.delete(g);
      for (const c of g.toolCalls) if (this.byCall.get(c.id) === g) this.byCall.delete(c.id);
    }
  }

  get last(): TraceStep | undefined {
    return this.steps.at(-1);
  }

  /** A user message: the task when it is the first, else attached to the next step. */
  user(text: string) {
    if (!text) return;
    if (this.trace.task === undefined && this.steps.length === 0) this.trace.task = clip(text, 20_000);
    else this.pendingUser = this.pendingUser ? `${this.pendingUser}\n${clip(text)}` : clip(text);
  }

  addThought(s: TraceStep, text: string | undefined) {
    if (!text) return;
    s.thought = s.thought ? clip(`${s.thought}\n${text}`, 16_000) : clip(text);
  }

  addCall(s: TraceStep, call: ToolCall) {
    if (this.byCall.has(call.id) && this.byCall.get(call.id) === s) return; // the same call recorded twice
    s.toolCalls.push(call);
    this.byCall.set(call.id, s);
  }

  /**
   * Joins an observation to the step that made the call; without a known call, to the last step (a
   * new one if there is none).
   */
  observe(obs: Observation, at?: string): TraceStep {
    const s = (obs.toolCallId !== undefined && this.byCall.get(obs.toolCallId)) || this.last || this.step();
    s.observations.push({ ...obs, text: clip(obs.text) });
    if (at) s.endedAt = at;
    return s;
  }

  stepOfCall(id: string): TraceStep | undefined {
    return this.byCall.get(id);
  }

  addEdit(s: TraceStep, edit: FileEdit) {
    (s.edits ??= []).push(edit.diff ? { ...edit, diff: clip(edit.diff) } : edit);
  }

  addError(s: TraceStep | undefined, message: string) {
    const target = s ?? this.last ?? this.step();
    (target.errors ??= []).push(clip(message, 2000));
  }

  /** Notes a record's timestamp (ISO text or epoch seconds): the trace's wall time runs from the first to the last. */
  seen(at: string | number | undefined) {
    const ms = typeof at === "number" ? at * 1000 : at ? Date.parse(at) : NaN;
    if (Number.isNaN(ms)) return;
    this.firstAt = Math.min(this.firstAt ?? ms, ms);
    this.lastAt = Math.max(this.lastAt ?? ms, ms);
  }

  build(given: Partial<TraceTotals> = {}): Trace {
    const wall =
      this.firstAt !== undefined && this.lastAt! > this.firstAt
        ? { durationS: (this.lastAt! - this.firstAt) / 1000 }
        : {};
    const kept = traceTotals(this.steps);
    const e = this.elided;
    const totals = e
      ? traceTotals([], {
          ...kept,
          ...Object.fromEntries(
            (["inputTokens", "outputTokens", "cachedTokens", "cost", "toolCalls", "durationS"] as const).map((k) => [
              k,
              kept[k] + e.totals[k],
            ]),
          ),
          steps: kept.steps + e.steps,
          costKnown: kept.costKnown || e.totals.costKnown,
          ...wall,
          ...given,
        })
      : traceTotals(this.steps, { ...wall, ...given });
    return {
      ...this.trace,
      steps: this.steps,
      ...(e ? { elided: { steps: e.steps, afterIndex: e.after } } : {}),
      totals,
    };
  }
}

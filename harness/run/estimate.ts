import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentJudge } from "../../judges/agent/index.js";
import { LlmJudge } from "../../judges/llm/index.js";
import type { Judge, JudgeItem, TaskContext } from "../../judges/types.js";
import { ResponseCache } from "../cache/response-cache.js";
import { candidateSource } from "../candidates/index.js";
import type { Config } from "../config/types.js";
import type { RunManifest } from "../events/types.js";
import { ASSUMED_OUTPUT_TOKENS, DryRunClient, emptyTally, type Tally } from "../llm/dry-run-client.js";
import { callCost, priceOf, PRICES_TAKEN, type Price } from "../llm/prices.js";
import { createMemo } from "../util/memo.js";
import { runUnits } from "./units.js";

export interface Estimate {
  model: string;
  judge: string;
  units: number;
  /** Units that cannot be estimated before their agent runs (command candidates), or whose workspace is missing. */
  skipped: { candidate: string; task: string; why: string }[];
  items: number;
  /** What surely goes to the model. */
  sure: Tally;
  /**
   * What goes to the model too when the static checks do not decide (static_first), and the extra
   * rounds an agentic loop may take.
   */
  maybe: Tally;
  price?: Price & { taken: string };
  /**
   * USD: low = only `sure`, repeated prefixes billed as cached; high = sure + maybe, nothing
   * cached. Absent without a price.
   */
  cost?: { low: number; high: number };
}

function add(a: Tally, b: Tally): Tally {
  return {
    calls: a.calls + b.calls,
    cachedCalls: a.cachedCalls + b.cachedCalls,
    inputTokens: a.inputTokens + b.inputTokens,
    repeatedPrefixTokens: a.repeatedPrefixTokens + b.repeatedPrefixTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    byKind: {
      verdict: a.byKind.verdict + b.byKind.verdict,
      summary: a.byKind.summary + b.byKind.summary,
      tool: a.byKind.tool + b.byKind.tool,
    },
    toolInputTokens: a.toolInputTokens + b.toolInputTokens,
  };
}

/**
 * The tool rounds of a tally, k more times (an agentic loop may use every step where the estimate
 * assumed one round).
 */
function moreRounds(t: Tally, k: number): Tally {
  const rounds = t.byKind.tool * k;
  return {
    ...emptyTally(),
    calls: rounds,
    inputTokens: t.toolInputTokens * k,
    outputTokens: rounds * ASSUMED_OUTPUT_TOKENS.tool,
    byKind: { verdict: 0, summary: 0, tool: rounds },
    toolInputTokens: t.toolInputTokens * k,
  };
}

/**
 * What a run will ask of the model, worked out before any model call: every workspace is looked
 * at and every prompt built exactly as the judges build them, and nothing is sent (DryRunClient).
 */
export async function estimateRun(config: Config, manifest: RunManifest): Promise<Estimate> {
  const j = config.judge;
  const client = new DryRunClient(j, config.cache.enabled ? new ResponseCache(config.cache.dir) : undefined);
  const judge: Judge = j.name === "llm" ? new LlmJudge(client, j) : new AgentJudge(client, j);
  const sources = new Map(config.candidates.map((c) => [c.name, candidateSource(c)]));
  const signal = new AbortController().signal;
  const runDir = await mkdtemp(join(tmpdir(), "devjudge-estimate-"));
  const est: Estimate = {
    model: j.model,
    judge: j.name === "agent" ? `agent/${j.workflow}` : j.name,
    units: 0,
    skipped: [],
    items: 0,
    sure: emptyTally(),
    maybe: emptyTally(),
  };
  try {
    for (const u of runUnits(manifest)) {
      const source = sources.get(u.candidate)!;
      if (source.config.kind === "command") {
        est.skipped.push({
          candidate: u.candidate,
          task: u.task.id,
          why: "a command candidate's workspace exists only once its agent has run",
        });
        continue;
      }
      let ws;
      try {
        ws = await source.materialise(u.task, { workDir: config.workDir, runDir, signal, emit: () => {} });
      } catch (e) {
        est.skipped.push({ candidate: u.candidate, task: u.task.id, why: (e as Error).message });
        continue;
      }
      est.units++;
      const memo = createMemo();
      const ctx: TaskContext = {
        task: u.task,
        candidate: u.candidate,
        workspace: ws.workspace,
        trace: ws.trace,
        signal,
        memo,
      };
      const items: JudgeItem[] = [
        ...u.task.requirements.map((item) => ({ kind: "requirement" as const, item })),
        ...u.task.preferences.map((item) => ({ kind: "preference" as const, item })),
      ];
      est.items += items.length;
      // what the checks may decide goes last, so what surely goes to the model (the trace summary
      // too) is counted as sure
      const checked = (it: JudgeItem) => j.staticFirst && it.kind === "requirement" && it.item.checks.length > 0;
      try {
        for (const group of [items.filter((it) => !checked(it)), items.filter(checked)]) {
          const surely = group.length > 0 && !checked(group[0]!);
          client.tally = emptyTally();
          for (const it of group) await judge.judge(it, ctx);
          const t = client.tally;
          if (surely) est.sure = add(est.sure, t);
          else est.maybe = add(est.maybe, t);
          // an agentic loop may take up to max_steps tool rounds where the estimate assumed one
          if (t.byKind.tool) est.maybe = add(est.maybe, moreRounds(t, j.maxSteps - 1));
        }
      } finally {
        memo.dispose();
      }
    }
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
  const price = priceOf(j.model, j.prices);
  if (price) {
    est.price = { ...price, taken: j.prices[j.model] ? "judge.prices" : PRICES_TAKEN };
    const all = add(est.sure, est.maybe);
    est.cost = {
      low: callCost(price, est.sure.inputTokens, est.sure.repeatedPrefixTokens, est.sure.outputTokens),
      high: callCost(price, all.inputTokens, 0, all.outputTokens),
    };
  }
  return est;
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");

export function estimateLines(e: Estimate): string[] {
  const all = add(e.sure, e.maybe);
  const range = (a: number, b: number) => (Math.round(a) === Math.round(b) ? n(a) : `${n(a)} – ${n(b)}`);
  const price = e.price
    ? `$${e.price.input} input, $${e.price.cachedInput ?? e.price.input} cached input, ` +
      `$${e.price.output} output per million tokens ` +
      `(${e.price.taken === "judge.prices" ? "judge.prices" : `list price of ${e.price.taken}`})`
    : "no price known (set judge.prices)";
  const toolRounds = e.sure.byKind.tool ? `, ${n(e.sure.byKind.tool)} tool rounds` : "";
  const upper = e.maybe.calls
    ? "; the upper figure if the static checks decide nothing" +
      (e.maybe.byKind.tool ? " and agentic loops use every step" : "")
    : "";
  const cached = e.sure.cachedCalls
    ? `; ${n(e.sure.cachedCalls + e.maybe.cachedCalls)} answered from the response cache`
    : "";
  return [
    `estimate (no model call made): judge ${e.judge}, model ${e.model}, ` +
      `${e.units} candidate × task unit(s), ${e.items} item(s)`,
    `model calls: ${range(e.sure.calls, all.calls)} (${n(e.sure.byKind.verdict)} verdicts, ` +
      `${n(e.sure.byKind.summary)} trace summaries${toolRounds}${upper})${cached}`,
    `prompt tokens: ${range(e.sure.inputTokens, all.inputTokens)} ` +
      `(about ${n(e.sure.repeatedPrefixTokens)} in prompt prefixes repeated within a task, ` +
      "which providers that cache prefixes bill as cached input)",
    `output tokens: ${range(e.sure.outputTokens, all.outputTokens)} ` +
      `(assumed: ${ASSUMED_OUTPUT_TOKENS.verdict} a verdict, ${ASSUMED_OUTPUT_TOKENS.summary} a trace summary)`,
    `cost: ${e.cost ? `$${e.cost.low.toFixed(2)} – $${e.cost.high.toFixed(2)}` : "–"} at ${price}`,
    ...e.skipped.map((s) => `not estimated: ${s.candidate}/${s.task}: ${s.why}`),
  ];
}

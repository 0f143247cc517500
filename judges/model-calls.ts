import type { CallContext, LlmClient } from "../harness/llm/client.js";
import { UsageMeter } from "../harness/llm/client.js";
import type { Msg } from "../harness/llm/messages.js";
import { TRACE_SUMMARY_SYSTEM, traceSummaryPrompt } from "./prompts.js";
import type { TaskContext } from "./types.js";
import { parseModelVerdict, VERDICT_SCHEMA, type ModelVerdict } from "./verdict-schema.js";

/**
 * What the agent did, summarised by the model once per task (the official implementation asks
 * once per requirement); the usage lands on the requirement that happened to ask first.
 */
export function traceSummary(ctx: TaskContext, llm: LlmClient, call: CallContext): Promise<string | undefined> {
  const trace = ctx.trace;
  if (!trace || trace.steps.length === 0) return Promise.resolve(undefined);
  return ctx.memo("trace-summary", async () => {
    const messages: Msg[] = [
      { role: "system", content: TRACE_SUMMARY_SYSTEM },
      { role: "user", content: traceSummaryPrompt(ctx.task.query, trace) },
    ];
    const r = await llm.chat({ messages }, call);
    return r.content.trim();
  });
}

/** Asks for the verdict in the schema; a reply that does not fit is retried, never cached. */
export function askVerdict(llm: LlmClient, messages: Msg[], call: CallContext, sample: number): Promise<ModelVerdict> {
  return llm.chatParsed(
    { messages, schema: { name: "verdict", schema: VERDICT_SCHEMA as unknown as Record<string, unknown> }, sample },
    call,
    (r) => parseModelVerdict(r.json),
  );
}

/** Wires a judge's model calls to the run's event stream: retries and usage become events. */
export function callContext(ctx: TaskContext, meter = new UsageMeter()): CallContext {
  return {
    signal: ctx.signal,
    meter,
    onRetry: (i) =>
      ctx.emit?.({
        type: "retry",
        candidate: ctx.candidate,
        task: ctx.task.id,
        attempt: i.attempt,
        delayMs: i.delayMs,
        reason: i.reason,
      }),
    onUsage: (r, cost) =>
      ctx.emit?.({
        type: "usage",
        candidate: ctx.candidate,
        task: ctx.task.id,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cost: cost ?? 0,
        cached: r.cached,
        cachedInputTokens: r.cachedInputTokens ?? 0,
        reasoningTokens: r.reasoningTokens ?? 0,
        ...(cost === undefined && !r.cached ? { unpriced: true } : {}),
      }),
  };
}

import { clip, forEachJsonLine } from "./source.js";
import { actionName } from "./read-devai.js";
import { TraceBuilder } from "./builder.js";
import type { Trace } from "./types.js";

/**
 * JSON-lines events, one step a line: `{thought?, action?, observation?, user_message?,
 * input_tokens?, output_tokens?, cost?, duration?}` (DevAI-style nested `agent`/`step_usage` also read).
 * Blank lines are skipped; a line that is not JSON is an error naming its line.
 */
export async function readJsonlTrace(file: string): Promise<Trace> {
  const b = new TraceBuilder("jsonl", file);
  let n = 0;
  await forEachJsonLine(file, ({ value: e }) => {
    const usage = e.step_usage ?? e;
    const str = (v: unknown) =>
      typeof v === "string" ? v : v === undefined || v === null ? undefined : JSON.stringify(v);
    const action = str(e.agent?.action ?? e.action) ?? null;
    const observation = str(e.environment ?? e.observation) ?? null;
    const id = `step-${n}`;
    b.step(undefined, {
      index: typeof e.step === "number" ? e.step : n,
      toolCalls: action ? [{ id, name: actionName(action), args: action }] : [],
      observations: observation ? [{ ...(action ? { toolCallId: id } : {}), text: clip(observation) }] : [],
      userMessage: str(e.user_message),
      thought: str(e.agent?.thought ?? e.thought),
      action,
      observation: observation === null ? null : clip(observation),
      usage:
        typeof usage.input_tokens === "number"
          ? {
              inputTokens: usage.input_tokens,
              outputTokens: usage.output_tokens ?? 0,
              ...(typeof usage.cost === "number" ? { cost: usage.cost } : {}),
              model: usage.model,
            }
          : undefined,
      durationS:
        typeof (usage.step_execution_time ?? e.duration) === "number"
          ? (usage.step_execution_time ?? e.duration)
          : undefined,
    });
    n++;
  });
  return b.build();
}

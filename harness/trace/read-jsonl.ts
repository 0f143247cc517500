import { readFile } from "node:fs/promises";
import { InputError } from "../tasks/diagnostics.js";
import { actionName } from "./read-devai.js";
import { traceTotals, type Trace, type TraceStep } from "./types.js";

/**
 * JSON-lines events, one step a line: `{thought?, action?, observation?, user_message?,
 * input_tokens?, output_tokens?, cost?, duration?}` (DevAI-style nested `agent`/`step_usage` also read).
 * Blank lines are skipped; a line that is not JSON is an error naming its line.
 */
export async function readJsonlTrace(file: string): Promise<Trace> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const steps: TraceStep[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let e: Record<string, any>;
    try {
      e = JSON.parse(line);
    } catch (err) {
      throw new InputError([{ file, line: i + 1, col: 1, path: "", message: `not valid JSON: ${(err as Error).message}`, severity: "error" }]);
    }
    if (!e || typeof e !== "object" || Array.isArray(e)) {
      throw new InputError([{ file, line: i + 1, col: 1, path: "", message: "expected a JSON object per line", severity: "error" }]);
    }
    const usage = e.step_usage ?? e;
    const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? undefined : JSON.stringify(v));
    const action = str(e.agent?.action ?? e.action) ?? null;
    const observation = str(e.environment ?? e.observation) ?? null;
    const id = `step-${steps.length}`;
    steps.push({
      index: typeof e.step === "number" ? e.step : steps.length,
      toolCalls: action ? [{ id, name: actionName(action), args: action }] : [],
      observations: observation ? [{ ...(action ? { toolCallId: id } : {}), text: observation }] : [],
      userMessage: str(e.user_message),
      thought: str(e.agent?.thought ?? e.thought),
      action,
      observation,
      usage: typeof usage.input_tokens === "number" ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens ?? 0, ...(typeof usage.cost === "number" ? { cost: usage.cost } : {}), model: usage.model } : undefined,
      durationS: typeof (usage.step_execution_time ?? e.duration) === "number" ? (usage.step_execution_time ?? e.duration) : undefined,
    });
  });
  return { format: "jsonl", source: file, steps, final: { status: "unknown" }, totals: traceTotals(steps) };
}

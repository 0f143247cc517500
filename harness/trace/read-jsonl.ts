import { readTraceText } from "./open-trace-file.js";
import { InputError } from "../tasks/diagnostics.js";
import { traceTotals, type Trace, type TraceStep } from "./types.js";

/**
 * JSON-lines events, one step a line: `{thought?, action?, observation?, user_message?,
 * input_tokens?, output_tokens?, cost?, duration?}` (DevAI-style nested `agent`/`step_usage` also read).
 * Blank lines are skipped; a line that is not JSON is an error naming its line.
 */
export async function readJsonlTrace(file: string): Promise<Trace> {
  const lines = (await readTraceText(file)).split("\n");
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
    steps.push({
      index: typeof e.step === "number" ? e.step : steps.length,
      userMessage: str(e.user_message),
      thought: str(e.agent?.thought ?? e.thought),
      action: str(e.agent?.action ?? e.action) ?? null,
      observation: str(e.environment ?? e.observation) ?? null,
      usage: typeof usage.input_tokens === "number" ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens ?? 0, cost: usage.cost ?? 0, model: usage.model } : undefined,
      durationS: typeof (usage.step_execution_time ?? e.duration) === "number" ? (usage.step_execution_time ?? e.duration) : undefined,
    });
  });
  return { format: "jsonl", source: file, steps, totals: traceTotals(steps) };
}

import { readTraceText } from "./open-trace-file.js";
import { formatDiagnostic, InputError } from "../tasks/diagnostics.js";
import { schemaDiagnostics } from "../util/schema-check.js";
import { validateTrajectory as validate } from "../util/validators.js";
import { parseYamlSource } from "../util/yaml-source.js";
import { traceTotals, type Trace } from "./types.js";


interface DevaiStep {
  step: number;
  user_message: string | null;
  agent: { thought: string; action: string | null; agent_name?: string };
  environment: string | null;
  step_usage: { input_tokens: number; output_tokens: number; model: string; cost: number; step_execution_time: number };
}

const YAML_LINES_MAX_CHARS = 4 * 2 ** 20;

/** The schema errors of a trajectory too large to map to lines: JSON pointers instead. */
function pathDiagnostics(file: string) {
  return (validate.errors ?? []).slice(0, 5).map((e) => ({ file, line: 1, col: 1, path: e.instancePath, message: `${e.instancePath || "/"} ${e.message ?? "is invalid"}`, severity: "error" as const }));
}

/** Reads a DevAI-format trajectory; a file that does not fit the format throws InputError with file:line errors. */
export async function readDevaiTrajectory(file: string): Promise<Trace> {
  const text = await readTraceText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const line = text.slice(0, at).split("\n").length;
    const col = at - text.lastIndexOf("\n", at - 1);
    throw new InputError([{ file, line, col, path: "", message: `not valid JSON: ${message}`, severity: "error" }]);
  }
  if (!validate(value)) {
    // Parse again with the YAML parser (JSON is YAML) only to point at lines: slower, so only on
    // failure, and only for files small enough (on a 150 MB trace it took gigabytes)
    const diags = text.length <= YAML_LINES_MAX_CHARS ? schemaDiagnostics(validate, value, parseYamlSource(file, text)).slice(0, 20) : pathDiagnostics(file);
    throw new InputError(diags, `${file}: not a DevAI trajectory\n${diags.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`);
  }
  const steps = (value as DevaiStep[]).map((s) => ({
    index: s.step,
    userMessage: s.user_message ?? undefined,
    thought: s.agent.thought,
    action: s.agent.action,
    observation: s.environment,
    agentName: s.agent.agent_name,
    usage: { inputTokens: s.step_usage.input_tokens, outputTokens: s.step_usage.output_tokens, cost: s.step_usage.cost, model: s.step_usage.model },
    durationS: s.step_usage.step_execution_time,
  }));
  return { format: "devai", source: file, steps, totals: traceTotals(steps) };
}

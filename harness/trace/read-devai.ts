import { readFile } from "node:fs/promises";
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import { schemaDiagnostics } from "../util/schema-check.js";
import { validateTrajectory as validate } from "../util/validators.js";
import { parseYamlSource } from "../util/yaml-source.js";
import { traceTotals, type Trace, type TraceStep } from "./types.js";

/** "Running Python code interactively: open_file(…)" → "Running Python code interactively"; otherwise "action". */
export const actionName = (action: string) => /^([A-Za-z][\w ]{0,60}):/.exec(action)?.[1] ?? "action";

/**
 * Above this, schema errors are reported by JSON pointer: mapping them to lines (a YAML parse) took
 * gigabytes on a 150 MB trace.
 */
const YAML_LINES_MAX_CHARS = 4 * 2 ** 20;

/** The schema errors of a trajectory too large to map to lines: JSON pointers instead. */
function pathDiagnostics(file: string) {
  return (validate.errors ?? []).slice(0, 5).map((e) => ({
    file,
    line: 1,
    col: 1,
    path: e.instancePath,
    message: `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
    severity: "error" as const,
  }));
}

interface DevaiStep {
  step: number;
  user_message: string | null;
  agent: { thought: string; action: string | null; agent_name?: string };
  environment: string | null;
  step_usage: { input_tokens: number; output_tokens: number; model: string; cost: number; step_execution_time: number };
}

/** Reads a DevAI-format trajectory; a file that does not fit the format throws InputError with file:line errors. */
export async function readDevaiTrajectory(file: string, document?: unknown): Promise<Trace> {
  const text = document === undefined ? await readFile(file, "utf8") : "";
  let value: unknown = document;
  if (document === undefined)
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
    const source = text || (await readFile(file, "utf8"));
    // Parse again with the YAML parser (JSON is YAML) only to point at lines: slower, so only on
    // failure, and only for files small enough
    const diags =
      source.length <= YAML_LINES_MAX_CHARS
        ? schemaDiagnostics(validate, value, parseYamlSource(file, source)).slice(0, 20)
        : pathDiagnostics(file);
    throw new InputError(
      diags,
      `${file}: not a DevAI trajectory\n${diags.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`,
    );
  }
  const steps: TraceStep[] = (value as DevaiStep[]).map((s) => {
    const id = `step-${s.step}`;
    return {
      index: s.step,
      userMessage: s.user_message ?? undefined,
      thought: s.agent.thought,
      action: s.agent.action,
      observation: s.environment,
      // the action is free text ("Running Python code interactively: …"): its prefix names the tool
      toolCalls: s.agent.action ? [{ id, name: actionName(s.agent.action), args: s.agent.action }] : [],
      observations: s.environment ? [{ ...(s.agent.action ? { toolCallId: id } : {}), text: s.environment }] : [],
      agentName: s.agent.agent_name,
      usage: {
        inputTokens: s.step_usage.input_tokens,
        outputTokens: s.step_usage.output_tokens,
        cost: s.step_usage.cost,
        model: s.step_usage.model,
      },
      durationS: s.step_usage.step_execution_time,
    };
  });
  const last = steps.at(-1);
  return {
    format: "devai",
    source: file,
    model: steps.find((s) => s.usage?.model)?.usage?.model,
    task: steps[0]?.userMessage,
    steps,
    // the converters end a finished run with a step that has neither thought nor action
    final: { status: last && !last.action && !last.thought ? "finished" : "unknown" },
    totals: traceTotals(steps),
  };
}

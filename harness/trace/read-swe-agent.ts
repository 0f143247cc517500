import { TraceBuilder } from "./builder.js";
import { parseArgs, readJsonDocument, textOf, traceError } from "./source.js";
import type { FinalStatus, Trace } from "./types.js";

type Obj = Record<string, any>;

/**
 * `submitted` is a finish; `exit_cost`/`exit_context` (alone or as `submitted (exit_cost)`) a
 * limit; other `exit_*`/`early_exit` a crash.
 */
export function sweExitStatus(s: unknown): FinalStatus {
  if (typeof s !== "string" || !s) return "unknown";
  if (/exit_(cost|context|step|time)|limit/i.test(s)) return "limit";
  if (/^submitted$/i.test(s.trim())) return "finished";
  if (/exit_|early_exit|error/i.test(s)) return "crashed";
  return /submitted/i.test(s) ? "finished" : "unknown";
}

/**
 * SWE-agent `.traj` (0.x and 1.x): one step per `trajectory[i]` (thought, the action command,
 * its observation). With function calling (1.x) the calls' ids and arguments come from the
 * matching assistant turns of `history`; else the action's first word names the tool. The file
 * records no timestamps (1.x has `execution_time` per step) and token usage only as totals.
 */
export async function readSweAgent(file: string, document?: unknown): Promise<Trace> {
  const doc = (document ?? (await readJsonDocument(file))) as Obj;
  if (!doc || !Array.isArray(doc.trajectory))
    throw traceError(file, 1, "trajectory: expected a list of steps (not a SWE-agent .traj)");
  const b = new TraceBuilder("swe-agent", file, "swe-agent");
  const history: Obj[] = Array.isArray(doc.history) ? doc.history : [];
  const task = history.find((m) => m.role === "user" && !m.is_demo);
  if (task) b.user(textOf(task.content));
  const assistantTurns = history.filter((m) => m.role === "assistant" && !m.is_demo);
  const calls =
    assistantTurns.length === doc.trajectory.length
      ? assistantTurns.map((m) => (Array.isArray(m.tool_calls) ? m.tool_calls : []))
      : [];
  doc.trajectory.forEach((t: Obj, i: number) => {
    const s = b.step();
    b.addThought(s, textOf(t.thought) || undefined);
    if (typeof t.execution_time === "number") s.durationS = t.execution_time;
    const action = textOf(t.action).trim();
    const fc: Obj[] = calls[i] ?? [];
    if (fc.length)
      for (const c of fc) b.addCall(s, { id: c.id, name: c.function?.name, args: parseArgs(c.function?.arguments) });
    else if (action)
      b.addCall(s, {
        id: `step-${i}`,
        name: action.split(/\s+/)[0]!,
        args: action.slice(action.split(/\s+/)[0]!.length).trim(),
      });
    if (t.observation !== undefined && t.observation !== null) {
      const text = textOf(t.observation);
      const isError =
        /syntax error|Your proposed edit has introduced|command not found|Traceback \(most recent call last\)/.test(
          text,
        );
      b.observe({ toolCallId: s.toolCalls[0]?.id, text, isError });
    }
    const edit =
      /^(?:str_replace_editor\s+(?:create|str_replace|insert)|create)\s+(\S+)/.exec(action) ??
      (fc[0]?.function?.name === "str_replace_editor" ? [, parseArgs(fc[0].function.arguments)?.path] : null);
    if (edit?.[1]) b.addEdit(s, { path: edit[1], kind: /create/.test(action) ? "create" : "update" });
  });
  const info: Obj = doc.info ?? {};
  const status = sweExitStatus(info.exit_status);
  b.trace.final = {
    status,
    ...(typeof info.submission === "string" && info.submission.trim() ? { patch: info.submission } : {}),
    ...(status === "crashed" || status === "limit" ? { error: String(info.exit_status) } : {}),
  };
  try {
    const cfg = typeof doc.replay_config === "string" ? JSON.parse(doc.replay_config) : doc.replay_config;
    b.trace.model = cfg?.agent?.model?.name;
  } catch {
    /* no model named */
  }
  const ms: Obj = info.model_stats ?? {};
  return b.build({
    ...(typeof ms.tokens_sent === "number"
      ? { inputTokens: ms.tokens_sent, outputTokens: ms.tokens_received ?? 0 }
      : {}),
    ...(typeof ms.instance_cost === "number" ? { cost: ms.instance_cost, costKnown: true } : {}),
  });
}

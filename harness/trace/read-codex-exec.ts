import { TraceBuilder } from "./builder.js";
import { forEachJsonLine, textOf } from "./source.js";
import type { Trace, TraceStep } from "./types.js";

type Obj = Record<string, any>;

/**
 * `codex exec --json` output: `thread.started`, `turn.*` and `item.*` events, no timestamps. The
 * stream does not mark model calls, so a step is a run of reasoning/message items with the first
 * tool item after them; a further tool item starts its own step. A tool item holds both the call
 * and its result. Usage comes per turn (`turn.completed`) and is put on the turn's last step.
 */
export async function readCodexExecJson(file: string): Promise<Trace> {
  const b = new TraceBuilder("codex-exec-json", file, "codex");
  let current: TraceStep | undefined;
  let inTurn = false;
  let answer: string | undefined;
  const textStep = () => (current && current.toolCalls.length === 0 ? current : (current = b.step()));
  const toolStep = () => (current && current.toolCalls.length === 0 ? current : (current = b.step()));

  const completed = (it: Obj) => {
    switch (it.type) {
      case "reasoning":
        return b.addThought(textStep(), it.text);
      case "agent_message":
        answer = it.text;
        return b.addThought(textStep(), it.text);
      case "command_execution": {
        const s = toolStep();
        b.addCall(s, { id: it.id, name: "shell", args: { command: it.command } });
        const failed = it.status === "failed" || (typeof it.exit_code === "number" && it.exit_code !== 0);
        b.observe({
          toolCallId: it.id,
          text: textOf(it.aggregated_output),
          ...(typeof it.exit_code === "number" ? { exitCode: it.exit_code } : {}),
          isError: failed,
        });
        return;
      }
      case "file_change": {
        const s = toolStep();
        b.addCall(s, { id: it.id, name: "apply_patch", args: { changes: it.changes } });
        for (const c of it.changes ?? [])
          b.addEdit(s, { path: c.path, kind: c.kind === "add" ? "create" : c.kind === "delete" ? "delete" : "update" });
        b.observe({
          toolCallId: it.id,
          text: `${it.status}: ${(it.changes ?? []).map((c: Obj) => `${c.kind} ${c.path}`).join(", ")}`,
          isError: it.status === "failed",
        });
        return;
      }
      case "mcp_tool_call": {
        b.addCall(toolStep(), { id: it.id, name: `${it.server}__${it.tool}`, args: it.arguments });
        b.observe({
          toolCallId: it.id,
          text: textOf(it.error ?? it.result),
          isError: it.status === "failed" || !!it.error,
        });
        return;
      }
      case "web_search":
        return b.addCall(toolStep(), { id: it.id, name: "web_search", args: { query: it.query } });
      case "todo_list":
        return b.addCall(toolStep(), { id: it.id, name: "update_plan", args: { items: it.items } });
      case "error":
        return b.addError(current, textOf(it.message));
    }
  };

  await forEachJsonLine(file, ({ value: e }) => {
    switch (e.type) {
      case "turn.started":
        inTurn = true;
        return;
      case "item.completed":
        return completed(e.item ?? {});
      case "turn.completed": {
        inTurn = false;
        const u = e.usage;
        if (u && current)
          current.usage = {
            inputTokens: u.input_tokens ?? 0,
            outputTokens: u.output_tokens ?? 0,
            cachedTokens: u.cached_input_tokens ?? 0,
          };
        b.trace.final = { status: "finished", ...(answer ? { answer } : {}) };
        current = undefined;
        return;
      }
      case "turn.failed":
        inTurn = false;
        b.trace.final = { status: "crashed", error: textOf(e.error?.message ?? e.error) };
        return;
      case "error":
        b.addError(current, textOf(e.message));
        return;
    }
  });
  if (inTurn) b.trace.final = { status: "crashed", error: "the stream ends inside a turn (no turn.completed)" };
  return b.build();
}

import { TraceBuilder } from "./builder.js";
import { forEachJsonLine, parseArgs, textOf } from "./source.js";
import type { FileEdit, Trace, TraceStep } from "./types.js";

type Obj = Record<string, any>;

/** The files an apply_patch body touches (`*** Add File: x`, `*** Update File: x`, `*** Delete File: x`). */
export function patchEdits(patch: string): FileEdit[] {
  const kinds: Record<string, FileEdit["kind"]> = { Add: "create", Update: "update", Delete: "delete" };
  return [...patch.matchAll(/^\*\*\* (Add|Update|Delete) File: (.+)$/gm)].map((m) => ({
    path: m[2]!.trim(),
    kind: kinds[m[1]!],
    diff: patch,
  }));
}

/**
 * A tool output as Codex stores it: a JSON string `{output, metadata:{exit_code}}` (older) or text
 * with an exit code line (newer).
 */
function parseOutput(raw: unknown): { text: string; exitCode?: number } {
  const text = textOf(raw);
  try {
    const o = JSON.parse(text);
    if (o && typeof o === "object" && "output" in o) return { text: textOf(o.output), exitCode: o.metadata?.exit_code };
  } catch {
    /* plain text */
  }
  const exit = /(?:Exit code:|Process exited with code) (-?\d+)/.exec(text);
  return exit ? { text, exitCode: Number(exit[1]) } : { text };
}

/**
 * Codex CLI rollout files (`~/.codex/sessions/…/rollout-*.jsonl`), modern (`{timestamp, type,
 * payload}` lines) and legacy (bare response items after a `{id, timestamp, instructions}` line).
 * A step is one model response: the reasoning, message and tool-call items up to its token count
 * or its tool outputs; outputs join their calls by `call_id`.
 */
export async function readCodexRollout(file: string): Promise<Trace> {
  const b = new TraceBuilder("codex-rollout", file, "codex");
  let current: TraceStep | undefined;
  let responseDone = true;
  let lastAnswer: string | undefined;
  const modelStep = (at: string | undefined) => {
    if (!current || responseDone) {
      current = b.step();
      responseDone = false;
    }
    if (at) {
      current.startedAt ??= at;
      current.endedAt = at;
    }
    return current;
  };

  const item = (p: Obj, at: string | undefined) => {
    switch (p.type) {
      case "message": {
        const text = textOf((p.content ?? []).map((c: Obj) => c.text ?? ""));
        if (p.role === "user") {
          if (!/^\s*<(environment_context|user_instructions)>/.test(text)) b.user(text);
          responseDone = true;
        } else if (p.role === "assistant") {
          b.addThought(modelStep(at), text);
          lastAnswer = text;
        }
        return;
      }
      case "reasoning":
        return b.addThought(modelStep(at), textOf((p.summary ?? []).map((x: Obj) => x.text ?? "")) || undefined);
      case "function_call":
        return b.addCall(modelStep(at), { id: p.call_id ?? p.id, name: p.name, args: parseArgs(p.arguments) });
      case "custom_tool_call": {
        const s = modelStep(at);
        b.addCall(s, { id: p.call_id ?? p.id, name: p.name, args: p.input });
        if (p.name === "apply_patch" && typeof p.input === "string")
          for (const e of patchEdits(p.input)) b.addEdit(s, e);
        return;
      }
      case "local_shell_call":
        return b.addCall(modelStep(at), { id: p.call_id ?? p.id, name: "local_shell", args: p.action });
      case "web_search_call":
        return b.addCall(modelStep(at), {
          id: p.call_id ?? p.id ?? `web-${b.steps.length}`,
          name: "web_search",
          args: p.action,
        });
      case "function_call_output":
      case "custom_tool_call_output":
      case "local_shell_call_output": {
        const out = parseOutput(p.output);
        b.observe(
          {
            toolCallId: p.call_id,
            text: out.text,
            ...(out.exitCode !== undefined ? { exitCode: out.exitCode, isError: out.exitCode !== 0 } : {}),
          },
          at,
        );
        responseDone = true;
        return;
      }
    }
  };

  const event = (p: Obj) => {
    switch (p.type) {
      case "token_count": {
        const u = p.info?.last_token_usage;
        if (u && current) {
          const prev = current.usage;
          current.usage = {
            inputTokens: (prev?.inputTokens ?? 0) + (u.input_tokens ?? 0),
            outputTokens: (prev?.outputTokens ?? 0) + (u.output_tokens ?? 0),
            cachedTokens: (prev?.cachedTokens ?? 0) + (u.cached_input_tokens ?? 0),
            ...(b.trace.model ? { model: b.trace.model } : {}),
          };
        }
        responseDone = true;
        return;
      }
      case "task_complete":
        b.trace.final = {
          status: "finished",
          ...((p.last_agent_message ?? lastAnswer) ? { answer: p.last_agent_message ?? lastAnswer } : {}),
        };
        return;
      case "turn_aborted":
        b.trace.final = { status: "crashed", error: `turn aborted${p.reason ? `: ${p.reason}` : ""}` };
        return;
      case "error":
        b.addError(current, textOf(p.message));
        b.trace.final = { status: "crashed", error: textOf(p.message) };
        return;
    }
  };

  await forEachJsonLine(file, ({ value: r }) => {
    b.seen(r.timestamp);
    if (r.record_type === "state") return;
    // the legacy layout's first line has no type
    if (r.type === "session_meta" || (r.instructions !== undefined && r.id && !r.type)) return;
    if (r.type === "turn_context") {
      b.trace.model ??= r.payload?.model;
      return;
    }
    if (r.type === "response_item") return item(r.payload ?? {}, r.timestamp);
    if (r.type === "event_msg") return event(r.payload ?? {});
    if (r.type === "compacted") return;
    if (typeof r.type === "string" && !r.payload) item(r, undefined); // legacy layout: a bare response item
  });
  return b.build();
}

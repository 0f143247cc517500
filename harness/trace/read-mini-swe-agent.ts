import { TraceBuilder } from "./builder.js";
import { parseArgs, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace } from "./types.js";

type Obj = Record<string, any>;

const iso = (unixS: unknown) => (typeof unixS === "number" ? new Date(unixS * 1000).toISOString() : undefined);

/** `<returncode>N</returncode>\n<output>…</output>` → the code and the output. */
function parseToolOutput(text: string): { text: string; exitCode?: number } {
  const rc = /<returncode>(-?\d+)<\/returncode>/.exec(text);
  const out = /<output>\n?([\s\S]*?)<\/output>/.exec(text);
  return { text: out ? out[1]! : text, ...(rc ? { exitCode: Number(rc[1]) } : {}) };
}

/**
 * mini-swe-agent `.traj.json` (`trajectory_format: mini-swe-agent-1.x`): an OpenAI-style chat.
 * A step is an assistant message with its tool calls; `tool` messages join by `tool_call_id`
 * (v1 files without tool calls: the next user message is the observation of the bash block).
 * The `exit` message (or `info.exit_status`) says how it ended.
 */
export async function readMiniSweAgent(file: string, document?: unknown): Promise<Trace> {
  const doc = (document ?? (await readJsonDocument(file))) as Obj;
  if (!doc || !Array.isArray(doc.messages))
    throw traceError(file, 1, "messages: expected a list (not a mini-swe-agent trajectory)");
  const b = new TraceBuilder("mini-swe-agent", file, "mini-swe-agent");
  const info: Obj = doc.info ?? {};
  b.trace.model = info.config?.model?.model_name;
  let sawTask = false;
  doc.messages.forEach((m: Obj, i: number) => {
    const ex: Obj = m.extra ?? {};
    b.seen(ex.timestamp !== undefined ? iso(ex.timestamp) : undefined);
    if (m.role === "system") return;
    if (m.role === "user") {
      const prev = b.last;
      // v1 (no tool calls): a user message after an assistant step is the output of its command
      if (sawTask && prev && prev.toolCalls.length && !prev.observations.length) {
        const out = parseToolOutput(textOf(m.content));
        b.observe({
          toolCallId: prev.toolCalls[0]!.id,
          ...out,
          ...(out.exitCode !== undefined ? { isError: out.exitCode !== 0 } : {}),
        });
      } else b.user(textOf(m.content));
      sawTask = true;
      return;
    }
    if (m.role === "assistant") {
      const s = b.step(undefined, { startedAt: iso(ex.timestamp), endedAt: iso(ex.timestamp) });
      b.addThought(s, textOf(m.reasoning_content) || undefined);
      b.addThought(s, textOf(m.content) || undefined);
      const u = ex.response?.usage;
      if (u)
        s.usage = {
          inputTokens: u.prompt_tokens ?? 0,
          outputTokens: u.completion_tokens ?? 0,
          cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
          ...(typeof ex.cost === "number" ? { cost: ex.cost } : {}),
          ...(b.trace.model ? { model: b.trace.model } : {}),
        };
      else if (typeof ex.cost === "number") s.usage = { inputTokens: 0, outputTokens: 0, cost: ex.cost };
      if (Array.isArray(m.tool_calls) && m.tool_calls.length)
        for (const c of m.tool_calls)
          b.addCall(s, { id: c.id, name: c.function?.name ?? "bash", args: parseArgs(c.function?.arguments) });
      else {
        const block = /```(?:bash|mswea_bash_command)\s*\n([\s\S]*?)```/.exec(textOf(m.content));
        if (block) b.addCall(s, { id: `step-${i}`, name: "bash", args: { command: block[1]!.trim() } });
      }
      return;
    }
    if (m.role === "tool") {
      const out = parseToolOutput(textOf(m.content));
      const exitCode = typeof ex.returncode === "number" ? ex.returncode : out.exitCode;
      b.observe(
        {
          toolCallId: m.tool_call_id,
          text: out.text,
          ...(exitCode !== undefined ? { exitCode, isError: exitCode !== 0 } : {}),
        },
        iso(ex.timestamp),
      );
      return;
    }
    if (m.role === "exit") {
      const status = ex.exit_status ?? info.exit_status;
      b.trace.final = finalOf(status, ex.submission ?? info.submission, ex.exception_str ?? info.exception_str);
    }
  });
  if (b.trace.final.status === "unknown" && info.exit_status)
    b.trace.final = finalOf(info.exit_status, info.submission, info.exception_str);
  const ms: Obj = info.model_stats ?? {};
  return b.build(typeof ms.instance_cost === "number" ? { cost: ms.instance_cost, costKnown: true } : {});
}

function finalOf(status: unknown, submission: unknown, exception: unknown): Trace["final"] {
  const s = String(status ?? "");
  const patch = typeof submission === "string" && submission.trim() ? { patch: submission } : {};
  if (s === "Submitted") return { status: "finished", ...patch };
  if (/LimitsExceeded|Limit/i.test(s)) return { status: "limit", error: s, ...patch };
  return {
    status: s ? "crashed" : "unknown",
    ...(s ? { error: exception ? `${s}: ${String(exception).split("\n")[0]}` : s } : {}),
    ...patch,
  };
}

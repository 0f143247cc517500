import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TraceBuilder } from "./builder.js";
import { OPENHANDS_EVENT_FILE } from "./detect.js";
import { forEachJsonLine, parseArgs, readHead, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace } from "./types.js";

type Obj = Record<string, any>;

/**
 * OpenHands V1 (software-agent-sdk, OpenHands CLI) events, each with a `kind`. Actions of one LLM
 * response share `llm_response_id` (one step); observations join by `tool_call_id`; an agent
 * `MessageEvent` is a reply-only step. Usage comes from `stats` state updates: the growth of the
 * accumulated tokens and cost since the last update goes to the latest step.
 */
class V1Events {
  readonly b: TraceBuilder;
  private acc = { input: 0, output: 0, cached: 0, cost: 0 };

  constructor(source: string) {
    this.b = new TraceBuilder("openhands-v1", source, "openhands");
  }

  event(e: Obj) {
    const b = this.b;
    b.seen(e.timestamp);
    switch (e.kind) {
      case "MessageEvent": {
        const m = e.llm_message ?? {};
        const text = textOf(m.content);
        if (e.source === "user" || m.role === "user") return b.user(text);
        const s = b.step(e.llm_response_id ?? e.id, { startedAt: e.timestamp, endedAt: e.timestamp });
        b.addThought(s, textOf(m.reasoning_content) || undefined);
        b.addThought(s, text);
        b.trace.final = { status: "finished", ...(text ? { answer: text } : {}) };
        return;
      }
      case "ActionEvent": {
        const s = b.step(e.llm_response_id ?? e.id);
        s.startedAt ??= e.timestamp;
        s.endedAt = e.timestamp;
        if (!s.toolCalls.length) {
          b.addThought(s, textOf(e.reasoning_content) || undefined);
          b.addThought(s, textOf(e.thought) || undefined);
        }
        const id = e.tool_call_id ?? e.tool_call?.id ?? e.id;
        b.addCall(s, {
          id,
          name: e.tool_name ?? e.tool_call?.name ?? e.action?.kind,
          args: e.tool_call ? parseArgs(e.tool_call.arguments) : e.action,
        });
        const a = e.action ?? {};
        if (a.kind === "FileEditorAction" && a.path && a.command && a.command !== "view")
          b.addEdit(s, { path: a.path, kind: a.command === "create" ? "create" : "update" });
        if (a.kind === "FinishAction")
          b.trace.final = { status: "finished", ...(a.message ? { answer: textOf(a.message) } : {}) };
        return;
      }
      case "ObservationEvent":
      case "UserRejectObservation": {
        const o = e.observation ?? {};
        const exitCode = typeof o.exit_code === "number" ? o.exit_code : undefined;
        const isError =
          !!o.is_error || (exitCode !== undefined && exitCode !== 0) || e.kind === "UserRejectObservation";
        b.observe(
          {
            toolCallId: e.tool_call_id ?? e.action_id,
            text: textOf(o.content ?? e.rejection_reason),
            ...(exitCode !== undefined ? { exitCode } : {}),
            isError,
          },
          e.timestamp,
        );
        return;
      }
      case "AgentErrorEvent":
      case "ConversationErrorEvent":
        b.addError(e.tool_call_id ? b.stepOfCall(e.tool_call_id) : undefined, textOf(e.error ?? e.detail ?? e.message));
        if (e.kind === "ConversationErrorEvent")
          b.trace.final = { status: "crashed", error: textOf(e.detail ?? e.error) };
        return;
      case "ConversationStateUpdateEvent":
        if (e.key === "stats") return this.stats(e.value);
        if (e.key === "execution_status" && (e.value === "error" || e.value === "stuck"))
          b.trace.final = { status: "crashed", error: `execution status ${e.value}` };
        return;
    }
  }

  private stats(v: Obj | undefined) {
    const now = { input: 0, output: 0, cached: 0, cost: 0 };
    for (const m of Object.values<Obj>(v?.usage_to_metrics ?? {})) {
      const u = m.accumulated_token_usage ?? {};
      now.input += u.prompt_tokens ?? 0;
      now.output += u.completion_tokens ?? 0;
      now.cached += u.cache_read_tokens ?? 0;
      now.cost += m.accumulated_cost ?? 0;
      this.b.trace.model ??= m.model_name;
    }
    const s = this.b.last;
    if (s && now.input >= this.acc.input) {
      const prev = s.usage;
      s.usage = {
        inputTokens: (prev?.inputTokens ?? 0) + now.input - this.acc.input,
        outputTokens: (prev?.outputTokens ?? 0) + now.output - this.acc.output,
        cachedTokens: (prev?.cachedTokens ?? 0) + now.cached - this.acc.cached,
        cost: Math.round(((prev?.cost ?? 0) + now.cost - this.acc.cost) * 1e8) / 1e8,
      };
    }
    this.acc = now;
  }
}

/**
 * A conversation folder (`events/event-NNNNN-*.json`, sorted by index), an events.jsonl, a JSON
 * list of events, or one event.
 */
export async function readOpenHandsV1(path: string, document?: unknown): Promise<Trace> {
  const r = new V1Events(path);
  if ((await stat(path)).isDirectory()) {
    const dir = existsSync(join(path, "events")) ? join(path, "events") : path;
    const files = (await readdir(dir)).filter((f) => OPENHANDS_EVENT_FILE.test(f)).sort();
    if (!files.length) throw traceError(dir, 1, "no event-NNNNN-*.json files in this folder");
    for (const f of files) {
      const e = await readJsonDocument(join(dir, f));
      if (!e || typeof e !== "object" || typeof (e as Obj).kind !== "string")
        throw traceError(join(dir, f), 1, "not an OpenHands event (no kind)");
      r.event(e as Obj);
    }
    return r.b.build();
  }
  const first =
    document === undefined ? (await readHead(path, 4096)).toString("utf8").trimStart().split("\n")[0]!.trim() : "";
  if (document !== undefined || first === "[" || first === "{") {
    const doc = document ?? (await readJsonDocument(path));
    for (const e of Array.isArray(doc) ? doc : [doc]) r.event(e as Obj);
    return r.b.build();
  }
  await forEachJsonLine(path, ({ value }) => r.event(value));
  return r.b.build();
}

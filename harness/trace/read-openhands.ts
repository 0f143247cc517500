import { TraceBuilder } from "./builder.js";
import { forEachJsonLine, readHead, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace } from "./types.js";

type Obj = Record<string, any>;

const SKIPPED_ACTIONS = new Set(["system", "recall", "change_agent_state", "null"]);
const SKIPPED_OBSERVATIONS = new Set(["recall", "agent_state_changed", "null", "user_rejected"]);

/** Arguments worth showing for an action, without the bookkeeping fields. */
function actionArgs(e: Obj): unknown {
  const {
    thought: _t,
    is_input: _i,
    blocking: _b,
    hidden: _h,
    confirmation_state: _c,
    security_risk: _s,
    impl_source: _m,
    ...rest
  } = e.args ?? {};
  return rest;
}

/**
 * OpenHands V0 events (a saved trajectory's list, or an evaluation line's `history`). Actions of
 * one LLM call share `tool_call_metadata.model_response.id`: they make one step; an observation
 * joins its action through `cause`. The older flat history (no ids: `{action, command, thought}`
 * then `{observation, content, exit_code}`) joins each observation to the action before it.
 */
export function openHandsEvents(b: TraceBuilder, events: Obj[]) {
  const callOfEvent = new Map<number, string>();
  let lastCost = 0;
  let pendingCall: string | undefined;
  events.forEach((e, i) => {
    if (!e || typeof e !== "object") return;
    b.seen(e.timestamp);
    const flat = !("source" in e) && !("args" in e);
    if ("action" in e) {
      if (SKIPPED_ACTIONS.has(e.action)) return;
      const args = flat ? e : (e.args ?? {});
      if (e.action === "message" && (e.source === "user" || (flat && i === 0))) return b.user(textOf(args.content));
      const tcm = e.tool_call_metadata;
      const s = b.step(tcm?.model_response?.id ?? `event-${e.id ?? i}`);
      if (e.timestamp) {
        s.startedAt ??= e.timestamp;
        s.endedAt = e.timestamp;
      }
      const response = tcm?.model_response;
      if (response && !s.usage && response.usage) {
        s.usage = {
          inputTokens: response.usage.prompt_tokens ?? 0,
          outputTokens: response.usage.completion_tokens ?? 0,
          cachedTokens: response.usage.prompt_tokens_details?.cached_tokens ?? 0,
          model: response.model,
        };
        b.trace.model ??= response.model;
        b.addThought(s, textOf(response.choices?.[0]?.message?.content) || undefined);
      }
      const acc = e.llm_metrics?.accumulated_cost;
      if (typeof acc === "number" && acc >= lastCost && s.usage && s.usage.cost === undefined) {
        s.usage.cost = Math.round((acc - lastCost) * 1e8) / 1e8;
        lastCost = acc;
      }
      b.addThought(s, textOf(args.thought) || undefined);
      if (e.action === "message") return b.addThought(s, textOf(args.content));
      const id = tcm?.tool_call_id ?? `event-${e.id ?? i}`;
      b.addCall(s, {
        id,
        name: tcm?.function_name ?? e.action,
        args: flat ? (({ thought: _t, action: _a, ...rest }) => rest)(e) : actionArgs(e),
      });
      if (typeof e.id === "number") callOfEvent.set(e.id, id);
      pendingCall = id;
      if (e.action === "finish") {
        const answer = textOf(args.final_thought ?? args.outputs?.content ?? args.thought) || undefined;
        b.trace.final = { status: "finished", ...(answer ? { answer } : {}) };
      }
      if ((e.action === "edit" || e.action === "write") && args.path)
        b.addEdit(s, {
          path: args.path,
          kind: args.command === "create" || e.action === "write" ? "create" : "update",
        });
      return;
    }
    if ("observation" in e) {
      if (SKIPPED_OBSERVATIONS.has(e.observation)) return;
      const toolCallId =
        (typeof e.cause === "number" ? callOfEvent.get(e.cause) : undefined) ??
        e.tool_call_metadata?.tool_call_id ??
        pendingCall;
      const exitCode = e.extras?.metadata?.exit_code ?? e.exit_code;
      const isError =
        e.observation === "error" || (typeof exitCode === "number" && exitCode !== 0) || e.success === false;
      const s = b.observe(
        {
          ...(toolCallId ? { toolCallId } : {}),
          text: textOf(e.content),
          ...(typeof exitCode === "number" && exitCode >= 0 ? { exitCode } : {}),
          isError,
        },
        e.timestamp,
      );
      if (e.observation === "error") b.addError(s, textOf(e.content));
      if (e.observation === "edit" && e.extras?.diff && s.edits?.length) s.edits.at(-1)!.diff = e.extras.diff;
      pendingCall = undefined;
    }
  });
}

/** The end of an evaluation line: its error (a limit or a crash), its patch, its accumulated cost. */
function finishInstance(b: TraceBuilder, line: Obj): Trace {
  const error = typeof line.error === "string" && line.error ? line.error : undefined;
  if (error)
    b.trace.final = {
      status: /maximum iteration|budget|max_iterations|exceeded/i.test(error) ? "limit" : "crashed",
      error,
    };
  else if (b.trace.final.status === "unknown" && line.success !== undefined) b.trace.final = { status: "finished" };
  const patch = line.test_result?.git_patch ?? line.git_patch;
  if (typeof patch === "string" && patch) b.trace.final.patch = patch;
  b.trace.model ??= line.metadata?.llm_config?.model;
  const cost = line.metrics?.accumulated_cost;
  const usage = line.metrics?.accumulated_token_usage;
  return b.build({
    ...(typeof cost === "number" ? { cost, costKnown: true } : {}),
    ...(usage
      ? {
          inputTokens: usage.prompt_tokens ?? 0,
          outputTokens: usage.completion_tokens ?? 0,
          cachedTokens: usage.cache_read_tokens ?? 0,
        }
      : {}),
  });
}

/** A saved trajectory (a JSON list of events). */
export async function readOpenHandsTrajectory(file: string, document?: unknown): Promise<Trace> {
  const events = document ?? (await readJsonDocument(file));
  if (!Array.isArray(events)) throw traceError(file, 1, "expected a JSON list of OpenHands events");
  const b = new TraceBuilder("openhands", file, "openhands");
  openHandsEvents(b, events);
  return b.build();
}

/**
 * An evaluation `output.jsonl` (one instance a line) or resolver output. A file with several
 * instances needs one named: `output.jsonl#<instance_id>` (or `#<line number>`).
 */
export async function readOpenHandsOutput(file: string, instance?: string): Promise<Trace> {
  let byId: { line: Obj; n: number } | undefined;
  let byLine: { line: Obj; n: number } | undefined;
  const ids: string[] = [];
  await forEachJsonLine(file, ({ value, line }) => {
    const id = String(value.instance_id ?? value.issue?.number ?? line);
    ids.push(id);
    if (instance === undefined ? ids.length === 1 : id === instance) byId ??= { line: value, n: line };
    else if (String(line) === instance) byLine = { line: value, n: line };
  });
  const found = [byId ?? byLine].filter((x) => x !== undefined);
  if (instance === undefined && ids.length > 1)
    throw traceError(
      file,
      1,
      `holds ${ids.length} instances (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}); ` +
        `name one as ${file}#<instance_id>`,
    );
  const hit = found[0];
  if (!hit) throw traceError(file, 1, `no instance '${instance}' (instances: ${ids.slice(0, 10).join(", ")})`);
  if (!Array.isArray(hit.line.history)) throw traceError(file, hit.n, "history: expected a list of events");
  const b = new TraceBuilder("openhands", instance === undefined ? file : `${file}#${instance}`, "openhands");
  if (typeof hit.line.instruction === "string") b.user(hit.line.instruction);
  openHandsEvents(b, hit.line.history);
  return finishInstance(b, hit.line);
}

/** Either OpenHands V0 container: a list of events, or JSON lines of instances. */
export async function readOpenHands(path: string, document?: unknown): Promise<Trace> {
  if (Array.isArray(document)) return readOpenHandsTrajectory(path, document);
  const first = (await readHead(path, 1)).toString();
  return first === "[" ? readOpenHandsTrajectory(path) : readOpenHandsOutput(path);
}

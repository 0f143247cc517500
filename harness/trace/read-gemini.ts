import { TraceBuilder } from "./builder.js";
import { forEachJsonLine, readHead, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace } from "./types.js";

type Obj = Record<string, any>;

/** Gemini content: a string, or Parts (`{text}`, `{functionCall}`, …); only the text. */
const partsText = (c: unknown) =>
  Array.isArray(c)
    ? c
        .map((p: Obj) => (typeof p?.text === "string" && !p.thought ? p.text : ""))
        .filter(Boolean)
        .join("\n")
    : textOf(c);

/** A tool result as recorded: `functionResponse.response.{output|error}` parts, else the display text. */
function resultText(call: Obj): string {
  const parts: Obj[] = Array.isArray(call.result) ? call.result : [];
  const texts = parts
    .map((p) => p.functionResponse?.response)
    .filter(Boolean)
    .map((r: Obj) => textOf(r.output ?? r.error ?? r));
  return texts.join("\n") || textOf(call.resultDisplay);
}

/**
 * Gemini CLI, from its source (no real public transcript was found to test against, see the
 * README): chat recordings (`~/.gemini/tmp/<hash>/chats/session-*.json`, or the newer `.jsonl`
 * with `$set`/`$rewindTo` records), `--output-format stream-json` events and `--output-format
 * json`'s one result object. A step is one `gemini` message with its `toolCalls`, whose results
 * are recorded inside them.
 */
export async function readGemini(file: string, document?: unknown): Promise<Trace> {
  const b = new TraceBuilder("gemini", file, "gemini-cli");
  const first = document === undefined ? (await readHead(file, 4096)).toString("utf8").trimStart() : "";
  if (
    document !== undefined ||
    first.startsWith("[") ||
    (first.startsWith("{") && !first.split("\n")[0]!.trim().endsWith("}"))
  ) {
    const doc = (document ?? (await readJsonDocument(file))) as Obj;
    if (Array.isArray(doc?.messages)) messages(b, doc.messages);
    else if (typeof doc?.response === "string") resultObject(b, doc);
    else throw traceError(file, 1, "neither a Gemini chat recording (messages) nor a json result (response)");
    return finish(b);
  }
  // JSON lines: a chat recording (metadata, then records) or stream-json events
  const records: Obj[] = [];
  let stream = false;
  await forEachJsonLine(file, ({ value }) => {
    if (!("id" in value) && ["init", "tool_use", "tool_result", "result"].includes(value.type)) stream = true;
    records.push(value);
  });
  if (stream) return finish(b, streamEvents(b, records));
  else {
    let msgs: Obj[] = [];
    for (const r of records) {
      if (r.$rewindTo !== undefined) {
        const at = msgs.findIndex((m) => m.id === r.$rewindTo);
        if (at >= 0) msgs = msgs.slice(0, at);
      } else if (r.$set) {
        if (Array.isArray(r.$set.messages)) msgs = [...r.$set.messages];
      } else if (typeof r.type === "string") {
        const at = msgs.findIndex((m) => m.id !== undefined && m.id === r.id);
        if (at >= 0) msgs[at] = r;
        else msgs.push(r);
      }
    }
    messages(b, msgs);
  }
  return finish(b);
}

function messages(b: TraceBuilder, msgs: Obj[]) {
  for (const m of msgs) {
    b.seen(m.timestamp);
    if (m.type === "user") b.user(partsText(m.content));
    else if (m.type === "error") b.addError(undefined, partsText(m.content));
    else if (m.type === "gemini") {
      const s = b.step(m.id, { startedAt: m.timestamp, endedAt: m.timestamp });
      for (const t of m.thoughts ?? []) b.addThought(s, [t.subject, t.description].filter(Boolean).join(": "));
      b.addThought(s, partsText(m.content) || undefined);
      if (m.model) b.trace.model ??= m.model;
      if (m.tokens)
        s.usage = {
          inputTokens: m.tokens.input ?? 0,
          outputTokens: (m.tokens.output ?? 0) + (m.tokens.thoughts ?? 0),
          cachedTokens: m.tokens.cached ?? 0,
          ...(m.model ? { model: m.model } : {}),
        };
      for (const c of m.toolCalls ?? []) {
        b.addCall(s, { id: c.id, name: c.name, args: c.args });
        if (c.result !== undefined || c.resultDisplay !== undefined || c.status)
          b.observe(
            { toolCallId: c.id, text: resultText(c), isError: c.status === "error" || c.status === "cancelled" },
            c.timestamp,
          );
        if (["write_file", "replace", "edit"].includes(c.name) && (c.args?.file_path ?? c.args?.path))
          b.addEdit(s, {
            path: c.args.file_path ?? c.args.path,
            kind: c.name === "write_file" ? "create" : "update",
            ...(typeof c.resultDisplay?.fileDiff === "string" ? { diff: c.resultDisplay.fileDiff } : {}),
          });
      }
      const text = partsText(m.content);
      if (text) b.trace.final = { status: "finished", answer: text };
    }
  }
}

/** Returns the `result` event's stats. */
function streamEvents(b: TraceBuilder, events: Obj[]): Obj | undefined {
  let s = undefined as ReturnType<TraceBuilder["step"]> | undefined;
  let stats: Obj | undefined;
  for (const e of events) {
    b.seen(e.timestamp);
    switch (e.type) {
      case "init":
        b.trace.model ??= e.model;
        break;
      case "message":
        if (e.role === "user") {
          b.user(textOf(e.content));
          s = undefined;
        } else {
          // deltas of one reply go to one step; a reply after tool results starts the next
          if (!s || s.observations.length) s = b.step(undefined, { startedAt: e.timestamp });
          s.thought = `${s.thought ?? ""}${textOf(e.content)}`;
          s.endedAt = e.timestamp;
        }
        break;
      case "tool_use":
        if (!s || s.observations.length) s = b.step(undefined, { startedAt: e.timestamp });
        b.addCall(s, { id: e.tool_id, name: e.tool_name, args: e.parameters });
        break;
      case "tool_result":
        b.observe(
          {
            toolCallId: e.tool_id,
            text: textOf(e.output ?? e.error?.message ?? e.error),
            isError: e.status === "error",
          },
          e.timestamp,
        );
        break;
      case "error":
        b.addError(s, textOf(e.message));
        break;
      case "result":
        b.trace.final =
          e.status === "success"
            ? { status: "finished", ...(b.last?.thought ? { answer: b.last.thought } : {}) }
            : { status: "crashed", error: textOf(e.error?.message ?? e.status) };
        stats = e.stats;
        break;
    }
  }
  return stats;
}

function resultObject(b: TraceBuilder, doc: Obj) {
  const s = b.step();
  b.addThought(s, doc.response);
  const models = Object.entries<Obj>(doc.stats?.models ?? {});
  if (models.length) {
    b.trace.model = models[0]![0];
    const t = models.reduce(
      (a, [, m]) => ({
        in: a.in + (m.tokens?.prompt ?? 0),
        out: a.out + (m.tokens?.candidates ?? 0) + (m.tokens?.thoughts ?? 0),
        cached: a.cached + (m.tokens?.cached ?? 0),
      }),
      { in: 0, out: 0, cached: 0 },
    );
    s.usage = { inputTokens: t.in, outputTokens: t.out, cachedTokens: t.cached };
  }
  b.trace.final = doc.error
    ? { status: "crashed", error: textOf(doc.error.message ?? doc.error) }
    : { status: "finished", answer: doc.response };
}

function finish(b: TraceBuilder, st?: Obj): Trace {
  return b.build(
    st
      ? {
          ...(typeof st.input_tokens === "number"
            ? { inputTokens: st.input_tokens, outputTokens: st.output_tokens ?? 0, cachedTokens: st.cached ?? 0 }
            : {}),
          ...(typeof st.duration_ms === "number" ? { durationS: st.duration_ms / 1000 } : {}),
        }
      : {},
  );
}

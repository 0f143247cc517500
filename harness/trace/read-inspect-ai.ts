import yauzl from "yauzl";
import { TraceBuilder } from "./builder.js";
import { readHead, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace } from "./types.js";

type Obj = Record<string, any>;

/**
 * The JSON entries of a zip whose names `want` accepts (yauzl reads only those entries from disk),
 * plus every entry's name.
 */
function readZipJson(
  file: string,
  want: (name: string) => boolean,
): Promise<{ names: string[]; entries: Map<string, unknown> }> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(traceError(file, 1, `not a readable .eval zip: ${err?.message}`));
      const names: string[] = [];
      const entries = new Map<string, unknown>();
      zip.on("error", (e: Error) => reject(traceError(file, 1, `not a readable .eval zip: ${e.message}`)));
      zip.on("end", () => resolve({ names, entries }));
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (!want(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(traceError(file, 1, `${entry.fileName}: ${e?.message}`));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", (se: Error) => reject(traceError(file, 1, `${entry.fileName}: ${se.message}`)));
          stream.on("end", () => {
            try {
              entries.set(entry.fileName, JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch (pe) {
              return reject(
                traceError(file, 1, `${entry.fileName}: not valid JSON: ${(pe as Error).message}`, entry.fileName),
              );
            }
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Picks the sample `selector` names (`<id>` or `<id>_epoch_<n>`), or the only one. */
function pick<T>(file: string, keys: string[], selector: string | undefined, get: (key: string) => T): T {
  const wanted =
    selector === undefined ? keys : keys.filter((k) => k === selector || k.replace(/_epoch_1$/, "") === selector);
  if (selector === undefined && keys.length > 1)
    throw traceError(
      file,
      1,
      `holds ${keys.length} samples (${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}); ` +
        `name one as ${file}#<id>_epoch_<n>`,
    );
  if (!wanted.length)
    throw traceError(
      file,
      1,
      selector === undefined
        ? "holds no samples"
        : `no sample '${selector}' (samples: ${keys.slice(0, 10).join(", ")})`,
    );
  return get(wanted[0]!);
}

/**
 * Inspect AI eval logs (`.json`, or the `.eval` zip of `header.json` + `samples/<id>_epoch_<n>.json`).
 * A trace is one sample: a step per `model` event (its reply and tool calls), `tool` events joined
 * by id; `attachment://` references resolved. Logs without events fall back to the messages.
 */
export async function readInspectAi(file: string, document?: unknown, selector?: string): Promise<Trace> {
  const zipped = document === undefined && (await readHead(file, 4)).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  let header: Obj;
  let sample: Obj;
  if (zipped) {
    const { names, entries } = await readZipJson(
      file,
      (n) =>
        n === "header.json" ||
        (n.startsWith("samples/") &&
          (selector === undefined || n === `samples/${selector}.json` || n === `samples/${selector}_epoch_1.json`)),
    );
    header = (entries.get("header.json") as Obj) ?? {};
    const keys = names.filter((n) => /^samples\/.+\.json$/.test(n)).map((n) => n.slice(8, -5));
    sample = pick(file, keys, selector, (k) => entries.get(`samples/${k}.json`) as Obj);
  } else {
    header = (document ?? (await readJsonDocument(file))) as Obj;
    const samples: Obj[] = Array.isArray(header?.samples) ? header.samples : [];
    const keys = samples.map((s) => `${s.id}_epoch_${s.epoch ?? 1}`);
    sample = pick(file, keys, selector, (k) => samples[keys.indexOf(k)]!);
  }
  const attachments: Obj = sample.attachments ?? {};
  const resolve = (v: unknown): string => {
    const t = textOf(v);
    return t.replace(/attachment:\/\/([\w-]+)/g, (m, h) => (typeof attachments[h] === "string" ? attachments[h] : m));
  };
  const b = new TraceBuilder("inspect-ai", selector === undefined ? file : `${file}#${selector}`, "inspect-ai");
  b.trace.model = header.eval?.model;
  const input =
    typeof sample.input === "string"
      ? sample.input
      : (sample.input ?? [])
          .filter((m: Obj) => m.role === "user")
          .map((m: Obj) => resolve(m.content))
          .join("\n");
  if (input) b.user(resolve(input));
  const events: Obj[] = Array.isArray(sample.events) ? sample.events : [];
  const modelEvents = events.filter((e) => e.event === "model");
  const contentText = (c: unknown) =>
    Array.isArray(c)
      ? c
          .map((p: Obj) => (p.type === "reasoning" ? p.reasoning : p.type === "text" ? p.text : ""))
          .filter(Boolean)
          .join("\n")
      : resolve(c);
  if (modelEvents.length) {
    for (const e of events) {
      b.seen(e.timestamp);
      if (e.event === "model") {
        const msg = e.output?.choices?.[0]?.message ?? {};
        const u = e.output?.usage;
        const s = b.step(undefined, {
          startedAt: e.timestamp,
          endedAt: e.timestamp,
          ...(typeof e.working_time === "number" ? { durationS: e.working_time } : {}),
        });
        if (u)
          s.usage = {
            inputTokens: u.input_tokens ?? 0,
            outputTokens: u.output_tokens ?? 0,
            cachedTokens: u.input_tokens_cache_read ?? 0,
            model: e.model,
          };
        b.addThought(s, contentText(msg.content) || undefined);
        for (const c of msg.tool_calls ?? []) b.addCall(s, { id: c.id, name: c.function, args: c.arguments });
        if (e.error) b.addError(s, resolve(e.error));
      } else if (e.event === "tool") {
        b.observe(
          { toolCallId: e.id, text: resolve(e.result), isError: e.error !== null && e.error !== undefined },
          e.timestamp,
        );
      } else if (e.event === "error") b.addError(undefined, resolve(e.error?.message ?? e.error));
    }
  } else {
    for (const m of sample.messages ?? []) {
      if (m.role === "assistant") {
        const s = b.step();
        b.addThought(s, contentText(m.content) || undefined);
        for (const c of m.tool_calls ?? []) b.addCall(s, { id: c.id, name: c.function, args: c.arguments });
      } else if (m.role === "tool")
        b.observe({ toolCallId: m.tool_call_id, text: resolve(m.content), isError: !!m.error });
    }
  }
  const answer = contentText(sample.output?.choices?.[0]?.message?.content) || sample.output?.completion;
  b.trace.final = sample.error
    ? { status: "crashed", error: resolve(sample.error.message ?? sample.error) }
    : sample.limit
      ? {
          status: "limit",
          error:
            `${sample.limit.type ?? "limit"} limit` +
            `${sample.limit.limit !== undefined ? ` ${sample.limit.limit}` : ""}`,
        }
      : { status: "finished", ...(answer ? { answer } : {}) };
  const usage = Object.values<Obj>(sample.model_usage ?? {});
  return b.build({
    ...(usage.length
      ? {
          inputTokens: usage.reduce((n, u) => n + (u.input_tokens ?? 0), 0),
          outputTokens: usage.reduce((n, u) => n + (u.output_tokens ?? 0), 0),
          cachedTokens: usage.reduce((n, u) => n + (u.input_tokens_cache_read ?? 0), 0),
        }
      : {}),
    ...(typeof sample.total_time === "number" ? { durationS: sample.total_time } : {}),
  });
}

import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { InputError } from "../core/diagnostics.js";

/** A transcript that cannot be read: one line, `file:line:col message` (line 1 when the whole file is at fault). */
export function traceError(file: string, line: number, message: string, path = ""): InputError {
  return new InputError([{ file, line, col: 1, path, message, severity: "error" }]);
}

/**
 * Whole-file JSON documents are parsed in memory; above this they are refused with a clear message
 * rather than exhausting it.
 */
export const MAX_JSON_DOCUMENT_BYTES = 200 * 1024 * 1024;

/** The first `bytes` of a file, for format detection. */
export async function readHead(file: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Parses a whole JSON file; a syntax error names its line, an oversized file is refused. */
export async function readJsonDocument(file: string): Promise<unknown> {
  const size = (await stat(file)).size;
  if (size === 0) throw traceError(file, 1, "empty file");
  if (size > MAX_JSON_DOCUMENT_BYTES)
    throw traceError(
      file,
      1,
      `a ${Math.round(size / 2 ** 20)} MB JSON document is over the ` +
        `${MAX_JSON_DOCUMENT_BYTES / 2 ** 20} MB limit for whole-file formats`,
    );
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const line = text.slice(0, at).split("\n").length;
    throw traceError(file, line, `not valid JSON${at >= text.trimEnd().length ? " (truncated?)" : ""}: ${message}`);
  }
}

export interface JsonLine {
  value: Record<string, any>;
  line: number;
}

/** A line longer than this is cut (text) or refused (JSON lines): one line must not hold the whole file in memory. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Calls `onLine` for each line of a text file, streamed (synchronously within each chunk read):
 * memory stays bounded by the longest line, and a line over `MAX_LINE_CHARS` is passed on cut to
 * that length with `cut: true` instead of being held whole.
 */
export async function readLines(
  file: string,
  onLine: (text: string, line: number, cut: boolean) => void,
): Promise<void> {
  let parts: string[] = [];
  let held = 0;
  let cut = false;
  let n = 0;
  for await (const chunk of createReadStream(file, {
    encoding: "utf8",
    highWaterMark: 256 * 1024,
  }) as AsyncIterable<string>) {
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      const over = !cut && nl - from + held > MAX_LINE_CHARS;
      if (!cut) parts.push(over ? chunk.slice(from, from + MAX_LINE_CHARS - held) : chunk.slice(from, nl));
      const text = parts.length === 1 ? parts[0]! : parts.join("");
      onLine(text.endsWith("\r") ? text.slice(0, -1) : text, ++n, cut || over);
      parts = [];
      held = 0;
      cut = false;
      from = nl + 1;
    }
    if (cut || from >= chunk.length) continue;
    const rest = chunk.length - from;
    if (held + rest > MAX_LINE_CHARS) {
      parts.push(chunk.slice(from, from + MAX_LINE_CHARS - held));
      held = MAX_LINE_CHARS;
      cut = true;
    } else {
      parts.push(chunk.slice(from));
      held += rest;
    }
  }
  if (parts.length) onLine(parts.join(""), ++n, cut);
}

/**
 * Streams a JSON-lines file one object at a time. Blank lines are skipped; a line that is not a
 * JSON object, including a last line cut off mid-way, or one over `MAX_LINE_CHARS`, is an error
 * naming its line. An empty file is an error.
 */
export async function forEachJsonLine(file: string, onLine: (l: JsonLine) => void): Promise<number> {
  let objects = 0;
  await readLines(file, (text, line, cut) => {
    if (cut) throw traceError(file, line, `a line over ${MAX_LINE_CHARS / 2 ** 20} MB`);
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw traceError(file, line, `not valid JSON (a truncated line?): ${(e as Error).message}`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value))
      throw traceError(file, line, "expected a JSON object on this line");
    objects++;
    onLine({ value: value as Record<string, any>, line });
  });
  if (objects === 0) throw traceError(file, 1, "empty file: no JSON lines");
  return objects;
}

/** Streams a text file's lines with their numbers (a line over `MAX_LINE_CHARS` arrives cut). */
export function forEachLine(file: string, onLine: (text: string, line: number) => void): Promise<void> {
  return readLines(file, (text, line) => onLine(text, line));
}

/** Text of a value that may be a string, a list of content parts, or anything else. */
/** A tool call's arguments as the format stores them: a JSON string parsed, else the value as it is. */
export function parseArgs(s: unknown): any {
  if (typeof s !== "string") return s;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function textOf(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(textOf).filter(Boolean).join("\n");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.text === "string") return o.text;
    if (typeof o.content === "string" || Array.isArray(o.content)) return textOf(o.content);
    if (o.type === "image" || o.type === "image_url") return "[image]";
  }
  return JSON.stringify(v);
}

/** Keeps long texts bounded so a huge transcript's Trace stays small: the head and the tail of the text. */
export function clip(text: string, max = 8000): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n…[${text.length - max} chars cut]…\n${text.slice(-half)}`;
}

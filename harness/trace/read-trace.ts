import { detectTraceFormat } from "./detect.js";
import { newestTranscript } from "./find-transcript.js";
import {
  claudeEventFolderFiles,
  readClaudeCode,
  readClaudeEventFiles,
  readClaudeStreamJson,
} from "./read-claude-code.js";
import { readCodexExecJson } from "./read-codex-exec.js";
import { readCodexRollout } from "./read-codex-rollout.js";
import { readDevaiTrajectory } from "./read-devai.js";
import { readJsonlTrace } from "./read-jsonl.js";
import { readProcessLog } from "./read-log.js";
import { readAider } from "./read-aider.js";
import { readGemini } from "./read-gemini.js";
import { readInspectAi } from "./read-inspect-ai.js";
import { readMiniSweAgent } from "./read-mini-swe-agent.js";
import { readOpenHands, readOpenHandsOutput } from "./read-openhands.js";
import { readOpenHandsV1 } from "./read-openhands-v1.js";
import { readSweAgent } from "./read-swe-agent.js";
import { readHead, readJsonDocument, traceError } from "./source.js";
import type { Trace } from "./types.js";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";

/** Reads one format; `document` is the parsed JSON when detection already parsed it. */
export type TraceReader = (path: string, document?: unknown) => Promise<Trace>;

/** One reader per format; a new format is a new file and a line here (and in the config schema's traceFormat). */
export const traceReaders: Record<string, TraceReader> = {
  "claude-code": (p) => readClaudeCode(p),
  "claude-stream-json": async (p, doc) => {
    if ((await stat(p)).isDirectory()) return readClaudeEventFiles(p, await claudeEventFolderFiles(p));
    // one event saved as a (pretty-printed) JSON document, or the NDJSON stream
    const first = doc ?? ((await isJsonDocument(p)) ? await readJsonDocument(p) : undefined);
    return first ? readClaudeEventFiles(p) : readClaudeStreamJson(p);
  },
  "codex-rollout": readCodexRollout,
  openhands: readOpenHands,
  "openhands-v1": readOpenHandsV1,
  "swe-agent": readSweAgent,
  "mini-swe-agent": readMiniSweAgent,
  aider: (p) => readAider(p),
  "inspect-ai": (p, doc) => readInspectAi(p, doc),
  gemini: readGemini,
  "codex-exec-json": readCodexExecJson,
  devai: readDevaiTrajectory,
  jsonl: readJsonlTrace,
  log: readProcessLog,
};

async function isJsonDocument(p: string): Promise<boolean> {
  const first = (await readHead(p, 4096)).toString("utf8").trimStart().split("\n")[0]!.trim();
  return first === "{" || first === "[";
}

export const TRACE_FORMATS = () => Object.keys(traceReaders);

/** Formats whose transcript may be a folder. */
const FOLDER_FORMATS = new Set(["openhands-v1", "claude-stream-json", "aider"]);

/** The format a file's name suggests (the old rule, before detection read the content). */
export function guessTraceFormat(file: string): string {
  if (/\.jsonl$/i.test(file)) return "jsonl";
  if (/\.json$/i.test(file)) return "devai";
  return "log";
}

/** Reads a transcript in the named format, or the format its content shows. */
export async function readTrace(path: string, format?: string): Promise<Trace> {
  // `output.jsonl#<instance_id>` and `log.eval#<id>_epoch_<n>` name one run of a file that holds several
  const hash = path.lastIndexOf("#");
  if (hash > 0 && !existsSync(path) && existsSync(path.slice(0, hash))) {
    const base = path.slice(0, hash);
    const selector = path.slice(hash + 1);
    const f = format ?? (await detectTraceFormat(base)).format;
    if (f === "openhands") return readOpenHandsOutput(base, selector);
    if (f === "inspect-ai") return readInspectAi(base, undefined, selector);
    throw traceError(
      base,
      1,
      `'#${selector}' names one run of a file, which only OpenHands output.jsonl and Inspect logs hold (this is ${f})`,
    );
  }
  if (format !== undefined) {
    const reader = traceReaders[format];
    if (!reader) throw new Error(`unknown trace format '${format}' (known: ${TRACE_FORMATS().join(", ")})`);
    // a folder of sessions, for a format whose transcript is one file: its newest transcript
    if (!FOLDER_FORMATS.has(format) && (await stat(path)).isDirectory()) {
      const newest = await newestTranscript(path);
      if (!newest) throw traceError(path, 1, `no ${format} transcript in this folder`);
      return reader(newest);
    }
    return reader(path);
  }
  const found = await detectTraceFormat(path);
  const reader = traceReaders[found.format];
  if (!reader) throw new Error(`${path}: the ${found.format} format has no reader yet`);
  return reader(found.path ?? path, found.document);
}

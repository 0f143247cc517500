import { readDevaiTrajectory } from "./read-devai.js";
import { readJsonlTrace } from "./read-jsonl.js";
import { readProcessLog } from "./read-log.js";
import type { Trace } from "./types.js";

export type TraceReader = (file: string) => Promise<Trace>;

/** One reader per format; a new format is a new file and a line here. */
export const traceReaders: Record<string, TraceReader> = {
  devai: readDevaiTrajectory,
  jsonl: readJsonlTrace,
  log: readProcessLog,
};

export function guessTraceFormat(file: string): string {
  if (/\.jsonl$/i.test(file)) return "jsonl";
  if (/\.json$/i.test(file)) return "devai";
  return "log";
}

export function readTrace(file: string, format = guessTraceFormat(file)): Promise<Trace> {
  const reader = traceReaders[format];
  if (!reader) throw new Error(`unknown trace format '${format}' (known: ${Object.keys(traceReaders).join(", ")})`);
  return reader(file);
}

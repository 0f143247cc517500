import { stat } from "node:fs/promises";
import { formatDiagnostic, InputError } from "../tasks/diagnostics.js";
import { readTrace } from "../trace/read-trace.js";
import type { Trace } from "../trace/types.js";
import { displayPath } from "../util/display-path.js";

/** One line for a trace that cannot be read: the first error, naming the file and line. */
export function traceProblem(e: unknown): string {
  const first = e instanceof InputError ? e.diagnostics.find((d) => d.severity === "error") : undefined;
  return first ? formatDiagnostic(first) : ((e as Error).message ?? String(e)).split("\n")[0]!;
}

/**
 * Reads a trace if it is there. A missing trace is a warning (the unit is judged black-box); a
 * trace that is there but cannot be read (truncated, empty, unknown format, too big) fails the
 * unit with that cause, so an unreadable transcript never passes for a judged one.
 */
export async function findTrace(file: string | undefined, format: string | undefined, warnings: string[]): Promise<Trace | undefined> {
  if (!file) return undefined;
  // `output.jsonl#<instance>` names one run inside a file
  const onDisk = (await stat(file).catch(() => undefined)) ?? (file.lastIndexOf("#") > 0 ? await stat(file.slice(0, file.lastIndexOf("#"))).catch(() => undefined) : undefined);
  if (!onDisk) {
    warnings.push(`no trajectory at ${displayPath(file)}; judging black-box`);
    return undefined;
  }
  try {
    return await readTrace(file, format);
  } catch (e) {
    throw new Error(`trace unreadable: ${traceProblem(e)}`);
  }
}

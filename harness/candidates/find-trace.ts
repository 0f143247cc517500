import { stat } from "node:fs/promises";
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import { checkTraceFile } from "../trace/open-trace-file.js";
import { readTrace } from "../trace/read-trace.js";
import type { Trace } from "../trace/types.js";
import { displayPath } from "../util/display-path.js";
import { UnsafeFileError } from "../util/safe-open.js";

/** One line for a trace that cannot be read: the first error, naming the file and line. */
export function traceProblem(e: unknown): string {
  const first = e instanceof InputError ? e.diagnostics.find((d) => d.severity === "error") : undefined;
  return first ? formatDiagnostic(first) : ((e as Error).message ?? String(e)).split("\n")[0]!;
}

/**
 * Reads a trace if it is there. A missing trace is a warning (the unit is judged black-box); a
 * trace that is there but cannot be read (truncated, empty, unknown format, too big) fails the unit
 * with that cause, so an unreadable transcript never passes for a judged one. One devjudge refuses
 * to open (a link out of `within`, the unit's folder; a FIFO or a device) is a warning.
 */
export async function findTrace(
  file: string | undefined,
  format: string | undefined,
  warnings: string[],
  within?: string,
): Promise<Trace | undefined> {
  if (!file) return undefined;
  // `output.jsonl#<instance>` names one run inside a file
  const onDisk =
    (await stat(file).catch(() => undefined)) ??
    (file.lastIndexOf("#") > 0 ? await stat(file.slice(0, file.lastIndexOf("#"))).catch(() => undefined) : undefined);
  if (!onDisk) {
    warnings.push(`no trajectory at ${displayPath(file)}; judging black-box`);
    return undefined;
  }
  try {
    const path = (await stat(file).catch(() => undefined)) ? file : file.slice(0, file.lastIndexOf("#"));
    if (!onDisk.isDirectory()) await checkTraceFile(path, within);
    return await readTrace(file, format);
  } catch (e) {
    // a file devjudge will not open for the candidate (a link out of its folder, a FIFO, a device)
    // is refused like a missing one: never read, said plainly, the unit judged without it
    if (e instanceof UnsafeFileError && e.kind === "refused") {
      warnings.push(`trajectory ignored: ${e.message}`);
      return undefined;
    }
    throw new Error(`trace unreadable: ${traceProblem(e)}`);
  }
}

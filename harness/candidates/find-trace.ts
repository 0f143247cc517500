import { stat } from "node:fs/promises";
import { checkTraceFile } from "../trace/open-trace-file.js";
import { readTrace } from "../trace/read-trace.js";
import type { Trace } from "../trace/types.js";
import { displayPath } from "../util/display-path.js";

/**
 * Reads a trace if it is there; what goes wrong becomes a warning, never a failed task. A link that
 * leads out of `within` (the unit's folder), a FIFO, a device or a file over the size limit is not read.
 */
export async function findTrace(file: string | undefined, format: string | undefined, warnings: string[], within?: string): Promise<Trace | undefined> {
  if (!file) return undefined;
  if (!(await stat(file).catch(() => undefined))) {
    warnings.push(`no trajectory at ${displayPath(file)}; judging black-box`);
    return undefined;
  }
  try {
    await checkTraceFile(file, within);
    return await readTrace(file, format);
  } catch (e) {
    warnings.push(`trajectory ignored: ${(e as Error).message}`);
    return undefined;
  }
}

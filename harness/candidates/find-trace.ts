import { stat } from "node:fs/promises";
import { readTrace } from "../trace/read-trace.js";
import type { Trace } from "../trace/types.js";
import { displayPath } from "../util/display-path.js";

/** Reads a trace if it is there; what goes wrong becomes a warning, never a failed task. */
export async function findTrace(file: string | undefined, format: string | undefined, warnings: string[]): Promise<Trace | undefined> {
  if (!file) return undefined;
  if (!(await stat(file).catch(() => undefined))) {
    warnings.push(`no trajectory at ${displayPath(file)}; judging black-box`);
    return undefined;
  }
  try {
    return await readTrace(file, format);
  } catch (e) {
    warnings.push(`trajectory ignored: ${(e as Error).message}`);
    return undefined;
  }
}

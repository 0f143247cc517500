import { openCandidateFile, readCandidateText } from "../util/safe-open.js";

/**
 * Trajectories larger than this are refused (DEVJUDGE_MAX_TRACE_MB). Line-oriented transcripts are
 * read streaming; a JSON document is parsed whole, and the readers refuse those over 200 MB.
 */
export const TRACE_MAX_BYTES = Number(process.env.DEVJUDGE_MAX_TRACE_MB ?? 256) * 2 ** 20;

/** A trace's text: a regular file within the size limit, opened without blocking (see safe-open.ts). */
export const readTraceText = (file: string) =>
  readCandidateText(file, { maxBytes: TRACE_MAX_BYTES, what: "trajectory" });

/** Throws unless `file` may be read as a trace: no link out of `within`, a regular file, within the size limit. */
export async function checkTraceFile(file: string, within: string | undefined): Promise<void> {
  const { handle } = await openCandidateFile(file, { within, maxBytes: TRACE_MAX_BYTES, what: "trajectory" });
  await handle.close();
}

import { constants } from "node:fs";
import { open, realpath, type FileHandle } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import { displayPath } from "./display-path.js";
import { formatMegabytes } from "./format.js";

/** A file devjudge will not read on a candidate's behalf: a link out of its folder, not a regular file, too big. */
export class UnsafeFileError extends Error {
  /**
   * `refused`: not the candidate's own regular file (a link out, a FIFO, a device); `unreadable`: a
   * folder, or too big.
   */
  constructor(
    message: string,
    readonly kind: "refused" | "unreadable" = "refused",
  ) {
    super(message);
    this.name = "UnsafeFileError";
  }
}

export interface SafeOpenOptions {
  /** The folder the file must really be in: a link (anywhere on the path) may not lead out of it. */
  within?: string;
  /** Larger files are refused. */
  maxBytes: number;
  /** What the file is, for messages ("trajectory"). */
  what?: string;
}

/** Flags for reading a file that a candidate may have replaced by a FIFO or a device: never block on open. */
export const READ_NONBLOCK = constants.O_RDONLY | constants.O_NONBLOCK;

const inside = (root: string, path: string) => {
  const r = relative(root, path);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
};

/**
 * Opens a file a candidate controls, for reading, without being led astray: its real path must be
 * inside `within`, it is opened without following a final link and without blocking (a FIFO would
 * hang a plain open), and only a regular file of at most `maxBytes` is accepted. The caller closes it.
 */
export async function openCandidateFile(
  file: string,
  o: SafeOpenOptions,
): Promise<{ handle: FileHandle; size: number }> {
  const name = displayPath(file);
  const what = o.what ? `${o.what} ` : "";
  let real = file;
  if (o.within) {
    real = await realpath(file);
    const root = await realpath(o.within).catch(() => o.within!);
    if (!inside(root, real))
      throw new UnsafeFileError(`${what}${name} is a link to a file outside ${displayPath(o.within)}; not read`);
  }
  let handle: FileHandle;
  try {
    // with `within`, `real` has no links left: one appearing now is a swap, so do not follow it
    handle = await open(real, READ_NONBLOCK | (o.within ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP")
      throw new UnsafeFileError(`${what}${name} is a symbolic link that changed while being read; not read`);
    if (code === "ENXIO") throw new UnsafeFileError(`${what}${name} is not a regular file (a socket); not read`);
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UnsafeFileError(`${what}${name} is a folder, not a file`, "unreadable");
    if (!info.isFile()) throw new UnsafeFileError(`${what}${name} is not a regular file (${kind(info)}); not read`);
    if (info.size > o.maxBytes)
      throw new UnsafeFileError(
        `${what}${name} is ${formatMegabytes(info.size)}, over the ${formatMegabytes(o.maxBytes)} limit; not read`,
        "unreadable",
      );
    return { handle, size: info.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

const kind = (i: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }) =>
  i.isFIFO()
    ? "a FIFO"
    : i.isSocket()
      ? "a socket"
      : i.isCharacterDevice() || i.isBlockDevice()
        ? "a device"
        : "a special file";

/** The whole text of a candidate's file, checked as openCandidateFile does; at most maxBytes are ever held. */
export async function readCandidateText(file: string, o: SafeOpenOptions): Promise<string> {
  const { handle } = await openCandidateFile(file, o);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

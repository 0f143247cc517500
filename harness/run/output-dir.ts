import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { InputError } from "../core/diagnostics.js";
import { displayPath } from "../util/display-path.js";

/**
 * Makes the run's folder, one level at a time (Node's recursive mkdir spun at 100 % CPU under
 * /proc), and turns what goes wrong into one line: a file in the way, a folder that cannot be made.
 */
export async function makeOutputDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const info = await stat(at).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? undefined : fail(at, e)));
    if (info) {
      if (!info.isDirectory())
        throw new InputError(
          [],
          `--output ${displayPath(dir)}: ${displayPath(at)} is a file, not a folder; choose another --output`,
        );
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
    at = dirname(at);
  }
  for (const d of missing)
    await mkdir(d).catch((e: NodeJS.ErrnoException) => (e.code === "EEXIST" ? undefined : fail(d, e)));
  function fail(path: string, e: NodeJS.ErrnoException): never {
    throw new InputError(
      [],
      `--output ${displayPath(dir)}: cannot make the run folder ${displayPath(path)} (${e.code ?? e.message}); ` +
        "choose another --output",
    );
  }
}

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";

/** Left out of a workspace's content hash: version-control data and caches that do not change what the agent made. */
const SKIPPED = new Set([".git", "node_modules", "__pycache__", ".venv", "venv", ".pytest_cache", ".mypy_cache"]);
const readLimit = pLimit(8);

async function fileHash(path: string): Promise<string> {
  return readLimit(
    () =>
      new Promise<string>((resolveHash, reject) => {
        const h = createHash("sha256");
        createReadStream(path)
          .on("data", (chunk) => h.update(chunk))
          .on("error", reject)
          .on("end", () => resolveHash(h.digest("hex")));
      }),
  );
}

async function entries(dir: string, rel: string, out: string[]): Promise<void> {
  const names = (await readdir(dir)).sort();
  await Promise.all(
    names.map(async (name) => {
      if (SKIPPED.has(name)) return;
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const st = await lstat(path);
      if (st.isDirectory()) {
        const sub: string[] = [];
        await entries(path, relPath, sub);
        out.push(`d ${relPath}`, ...sub);
      } else if (st.isSymbolicLink()) out.push(`l ${relPath} ${await readlink(path)}`);
      else if (st.isFile()) out.push(`f ${relPath} ${await fileHash(path)}`);
    }),
  );
}

/**
 * A hash of a workspace's content: every file's path and bytes (and symlinks' targets), in a
 * stable order. Equal hashes mean the agent left the same work. Undefined when the folder is gone.
 */
export async function workspaceHash(dir: string): Promise<string | undefined> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  const lines: string[] = [];
  await entries(dir, "", lines);
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

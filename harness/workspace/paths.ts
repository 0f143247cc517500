import { realpathSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, normalize, relative, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";

export class OutsideWorkspaceError extends Error {
  constructor(readonly requested: string) {
    super(`path '${requested}' is outside the workspace`);
    this.name = "OutsideWorkspaceError";
  }
}

const isInside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Resolves a workspace-relative path and refuses anything that leaves the workspace, through `..`,
 * an absolute path, or a symlink (the real path is checked, not the spelling).
 * Returns undefined when the path does not exist.
 */
const realRoots = new Map<string, Promise<string>>();
/** A workspace root's real path, looked up once (it is asked for on every read). */
const realRoot = (root: string) => {
  let p = realRoots.get(root);
  if (!p) {
    p = realpath(root);
    p.catch(() => realRoots.delete(root));
    if (realRoots.size > 1000) realRoots.clear();
    realRoots.set(root, p);
  }
  return p;
};

export async function resolveInside(root: string, rel: string): Promise<string | undefined> {
  if (isAbsolute(rel)) throw new OutsideWorkspaceError(rel);
  const realRootPath = await realRoot(root);
  const lexical = resolve(realRootPath, normalize(rel));
  if (!isInside(realRootPath, lexical)) throw new OutsideWorkspaceError(rel);
  let real: string;
  try {
    // synchronously: one system call, where the promise version costs several thread-pool hops
    real = realpathSync.native(lexical);
  } catch {
    return undefined;
  }
  if (!isInside(realRootPath, real)) throw new OutsideWorkspaceError(rel);
  return real;
}

export interface Match {
  /** Workspace-relative, forward slashes. */
  path: string;
  isFile: boolean;
  size: number;
}

/**
 * Paths in the workspace that a path or glob names. A literal path is looked up directly (so names
 * with glob characters in them still work); `.git` is never searched.
 */
export async function matchPaths(root: string, pattern: string): Promise<Match[]> {
  if (isAbsolute(pattern)) throw new OutsideWorkspaceError(pattern);
  const literal = await resolveInside(root, pattern);
  if (literal) return [await describe(root, literal)];
  if (!isDynamicPattern(pattern)) return [];
  if (pattern.split("/").includes("..")) throw new OutsideWorkspaceError(pattern);
  const rels = await glob(pattern, {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: ["**/.git/**"],
    expandDirectories: false,
  });
  const out: Match[] = [];
  for (const rel of rels.sort()) {
    const real = await resolveInside(root, rel).catch(() => undefined); // links out of the workspace do not count
    if (real) out.push(await describe(root, real, rel.replace(/\/$/, "")));
  }
  return out;
}

async function describe(root: string, real: string, rel?: string): Promise<Match> {
  const info = await stat(real);
  const path =
    rel ??
    relative(await realRoot(root), real)
      .split(sep)
      .join("/");
  return { path, isFile: info.isFile(), size: info.size };
}

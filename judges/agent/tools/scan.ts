import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

export interface FileEntry {
  /** Workspace-relative, forward slashes. */
  path: string;
  size: number;
  isDir: boolean;
  /** A symbolic link: listed, never followed (it may point out of the workspace). */
  isLink?: boolean;
}

/** Folders a reviewer never needs to see: version control, dependencies, virtualenvs, caches. */
export const SKIPPED_DIRS = new Set([
  ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".env", "env", "site-packages",
  ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".cache", ".ipynb_checkpoints", ".idea", ".vscode", ".gradle", ".next", ".turbo",
]);

/** Every file and folder under the workspace, breadth-first and sorted, without following links. */
export async function scanWorkspace(root: string, limit = 50_000): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const entries: FileEntry[] = [];
  const queue = [""];
  while (queue.length) {
    const rel = queue.shift()!;
    let names;
    try {
      names = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    // sizes of a folder's files are asked for together
    const sizes = await Promise.all(names.map((d) => (d.isFile() ? lstat(join(root, rel, d.name)).then((s) => s.size, () => 0) : 0)));
    for (const [i, d] of names.entries()) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (SKIPPED_DIRS.has(d.name)) continue;
        entries.push({ path, size: 0, isDir: true });
        queue.push(path);
      } else if (d.isFile()) {
        entries.push({ path, size: sizes[i]!, isDir: false });
      } else if (d.isSymbolicLink()) {
        entries.push({ path, size: 0, isDir: false, isLink: true });
      }
      if (entries.length >= limit) return { entries, truncated: true };
    }
  }
  return { entries, truncated: false };
}

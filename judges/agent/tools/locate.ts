import type { FileEntry } from "./scan.js";
import type { SearchIndex } from "./search.js";

export interface Located {
  path: string;
  why: string;
}

/** Paths a criterion names: `backticked` things and words that look like paths or file names. */
export function namedPaths(criterion: string): string[] {
  const out = new Set<string>();
  for (const m of criterion.matchAll(/`([^`\s]+)`/g)) out.add(m[1]!);
  // outside backticks a word is a path only if it ends in a file extension or a slash ("I/O" is not)
  for (const m of criterion.matchAll(
    /(?:^|[\s("'])((?:[\w.-]+\/)*[\w-]+\.[A-Za-z]\w{0,5}|(?:[\w.-]+\/)+)(?=$|[\s)"',;:.])/g,
  ))
    out.add(m[1]!);
  return [...out]
    .map((p) => p.replace(/^\.\//, "").replace(/[.,;:]$/, ""))
    .filter((p) => p && !/^\d+(\.\d+)*$/.test(p));
}

const basename = (p: string) => p.split("/").at(-1)!;

/**
 * The files a criterion is about: the paths it names (exactly, as a folder, or by file name
 * elsewhere in the workspace — an agent often saves to the wrong folder), then search hits.
 */
export async function locateFiles(
  criterion: string,
  entries: FileEntry[],
  index: SearchIndex | undefined,
  limit = 6,
): Promise<Located[]> {
  const found = new Map<string, string>();
  const add = (path: string, why: string) => {
    if (!found.has(path) && found.size < limit * 2) found.set(path, why);
  };
  const files = entries.filter((e) => !e.isDir);
  for (const named of namedPaths(criterion)) {
    const trimmed = named.replace(/\/$/, "");
    const exact = entries.find((e) => e.path === trimmed);
    if (exact && !exact.isDir) add(exact.path, `named in the criterion`);
    else if (exact?.isDir || named.endsWith("/")) {
      const inside = files.filter((f) => f.path.startsWith(`${trimmed}/`));
      if (inside.length) inside.slice(0, 4).forEach((f) => add(f.path, `in ${trimmed}/, named in the criterion`));
      else add(trimmed, "named in the criterion; the folder is empty or missing");
    } else {
      const same = files.filter((f) => basename(f.path) === basename(trimmed));
      if (same.length)
        same.slice(0, 3).forEach((f) => add(f.path, `the criterion names ${named}; this file has that name`));
      else found.set(`${trimmed}`, "named in the criterion, but no such file exists");
    }
  }
  for (const hit of (await index?.search(criterion, limit)) ?? [])
    add(hit.path, `search hit at line ${hit.line}: ${hit.snippet.slice(0, 80)}`);
  return [...found.entries()].slice(0, limit + namedPaths(criterion).length).map(([path, why]) => ({ path, why }));
}

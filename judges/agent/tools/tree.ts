import type { FileEntry } from "./scan.js";

export const humanSize = (b: number) =>
  b < 1024
    ? `${b} B`
    : b < 1024 ** 2
      ? `${(b / 1024).toFixed(1)} KB`
      : b < 1024 ** 3
        ? `${(b / 1024 ** 2).toFixed(1)} MB`
        : `${(b / 1024 ** 3).toFixed(1)} GB`;

/** The workspace as an indented tree with sizes; long listings end with a count of what was left out. */
export function renderTree(entries: FileEntry[], maxLines = 300): string {
  if (entries.length === 0) return "(the workspace is empty)";
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  const lines = sorted.slice(0, maxLines).map((e) => {
    const depth = e.path.split("/").length - 1;
    const name = e.path.split("/").at(-1)!;
    return `${"  ".repeat(depth)}${name}${e.isDir ? "/" : e.isLink ? " (symbolic link)" : ` (${humanSize(e.size)})`}`;
  });
  const files = entries.filter((e) => !e.isDir);
  const total = files.reduce((n, e) => n + e.size, 0);
  if (sorted.length > maxLines) lines.push(`… ${sorted.length - maxLines} more entries`);
  lines.push(`${files.length} file(s), ${humanSize(total)}`);
  return lines.join("\n");
}

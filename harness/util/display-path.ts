import { relative } from "node:path";

/** A path as a person wants to read it: relative to the current folder when it is below it. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !rel.startsWith("/") ? rel : p;
}

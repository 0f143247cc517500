import { randomBytes } from "node:crypto";

/** Sortable and unique enough for a folder name: 20261123-031200-3fa2. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

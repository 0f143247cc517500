import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** JSON with object keys sorted, so equal requests hash equally whatever order fields were set in. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(",")}}`;
}

export const cacheKey = (request: unknown) => createHash("sha256").update(stableStringify(request)).digest("hex");

export interface CacheStats {
  dir: string;
  entries: number;
  bytes: number;
}

/**
 * Model responses on disk, keyed by a hash of everything that decides the answer (model,
 * parameters, messages, tools, response schema). One file per entry, written atomically, so
 * concurrent runs and a CI cache step can share the folder.
 */
export class ResponseCache {
  hits = 0;
  misses = 0;

  constructor(readonly dir: string) {}

  private path(key: string) {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  // Entries are small and read and written synchronously: the promise API's thread-pool hops
  // cost more CPU than the disk work, which a cached re-run does for every call.
  async get<T>(request: unknown): Promise<T | undefined> {
    try {
      const entry = JSON.parse(readFileSync(this.path(cacheKey(request)), "utf8")) as { response: T };
      this.hits++;
      return entry.response;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  async set(request: unknown, response: unknown): Promise<void> {
    const file = this.path(cacheKey(request));
    mkdirSync(join(file, ".."), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, JSON.stringify({ createdAt: new Date().toISOString(), response }));
    renameSync(tmp, file);
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    let bytes = 0;
    for (const sub of await readdir(this.dir).catch(() => [] as string[])) {
      for (const f of await readdir(join(this.dir, sub)).catch(() => [] as string[])) {
        if (!f.endsWith(".json")) continue;
        entries++;
        bytes += (await stat(join(this.dir, sub, f))).size;
      }
    }
    return { dir: this.dir, entries, bytes };
  }

  async clear(): Promise<CacheStats> {
    const before = await this.stats();
    await rm(this.dir, { recursive: true, force: true });
    return before;
  }
}

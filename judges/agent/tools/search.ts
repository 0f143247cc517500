import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { FileEntry } from "./scan.js";
import { buildShard, MAX_FILE_BYTES, terms, type Shard } from "./search-shard.js";

export { TEXT_SEARCH } from "./search-shard.js";

export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  /** The best matching line of the chunk. */
  line: number;
  snippet: string;
  score: number;
}

export interface SearchIndex {
  search(query: string, limit?: number): Promise<SearchHit[]>;
  readonly chunks: number;
  readonly files: number;
  /** Stops the index's worker threads, if it has any. */
  close(): void;
}

/**
 * Text to index per worker thread: below twice this, a workspace is indexed in this thread (a
 * worker costs tens of milliseconds to start).
 */
const BYTES_PER_SHARD = 16 * 1024 * 1024;

/**
 * Ranked full-text search over the workspace's text files (BM25 via MiniSearch), in chunks of
 * lines so a hit points at a place, not just a file. Paths are indexed too. Chunk texts are not
 * kept in memory: a hit's snippet is read back from disk. A big workspace is split over worker
 * threads, one index each (files dealt out in turn, so each shard's term statistics are alike),
 * and a query asks them all and merges by score; call close() when done with it.
 */
export async function buildSearchIndex(
  root: string,
  entries: FileEntry[],
  opts: { maxShards?: number; bytesPerShard?: number } = {},
): Promise<SearchIndex> {
  const candidates = entries
    .filter((e) => !e.isDir && !e.isLink && e.size > 0 && e.size <= MAX_FILE_BYTES)
    .map((e) => ({ path: e.path, size: e.size }));
  const bytes = candidates.reduce((n, e) => n + e.size, 0);
  const count = Math.min(
    opts.maxShards ?? availableParallelism(),
    8,
    Math.floor(bytes / (opts.bytesPerShard ?? BYTES_PER_SHARD)),
  );
  const shards = count >= 2 ? await workerShards(root, candidates, count).catch(() => undefined) : undefined;
  return searchIndexOver(root, shards ?? [await buildShard(root, candidates)]);
}

async function workerShards(
  root: string,
  candidates: { path: string; size: number }[],
  count: number,
): Promise<Shard[]> {
  const { startWorkerShard } = await import("./search-shard-worker.js");
  const parts = Array.from({ length: count }, (_, i) => candidates.filter((_, j) => j % count === i));
  const started = await Promise.allSettled(parts.map((files) => startWorkerShard(root, files)));
  const ok = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  if (ok.length < count) {
    for (const s of ok) s.close?.();
    throw (started.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
  }
  return ok;
}

function searchIndexOver(root: string, shards: Shard[]): SearchIndex {
  // the files hits were last read from, for their snippets: a task's requirements hit the same few
  const recent = new Map<string, string[]>();
  const linesOf = (path: string): string[] => {
    let lines = recent.get(path);
    if (!lines) {
      try {
        lines = readFileSync(join(root, path), "utf8").split("\n");
      } catch {
        lines = []; // the file went away since it was indexed
      }
      if (recent.size >= 64) recent.delete(recent.keys().next().value!);
      recent.set(path, lines);
    }
    return lines;
  };
  return {
    chunks: shards.reduce((n, s) => n + s.chunks, 0),
    files: shards.reduce((n, s) => n + s.files, 0),
    async search(query: string, limit = 8): Promise<SearchHit[]> {
      const words = terms(query);
      const ranked =
        shards.length === 1
          ? await shards[0]!.search(query, limit)
          : (await Promise.all(shards.map((s) => s.search(query, limit)))).flat().sort((a, b) => b.score - a.score);
      return ranked.slice(0, limit).map((r) => {
        const lines = linesOf(r.path).slice(r.start - 1, r.end);
        const best = Math.max(
          0,
          lines.findIndex((l) => words.some((t) => l.toLowerCase().includes(t))),
        );
        return {
          path: r.path,
          startLine: r.start,
          endLine: r.end,
          line: r.start + best,
          snippet: (lines[best] ?? "").trim().slice(0, 200),
          score: Math.round(r.score * 100) / 100,
        };
      });
    },
    close() {
      for (const s of shards) s.close?.();
    },
  };
}

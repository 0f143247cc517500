import { open } from "node:fs/promises";
import { join } from "node:path";
import MiniSearch from "minisearch";
import type { FileEntry } from "./scan.js";

const CHUNK_LINES = 25;
const MAX_FILE_BYTES = 1024 * 1024;

interface Chunk {
  id: number;
  path: string;
  start: number;
  end: number;
  text: string;
}

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
  search(query: string, limit?: number): SearchHit[];
  readonly chunks: number;
  readonly files: number;
}

async function readText(file: string): Promise<string | undefined> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(MAX_FILE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, MAX_FILE_BYTES, 0);
    const data = buf.subarray(0, bytesRead);
    if (data.subarray(0, 8192).includes(0)) return undefined;
    return data.toString("utf8");
  } finally {
    await fh.close();
  }
}

/**
 * Ranked full-text search over the workspace's text files (BM25 via MiniSearch), in chunks of
 * lines so a hit points at a place, not just a file. Paths are indexed too.
 */
export async function buildSearchIndex(root: string, entries: FileEntry[]): Promise<SearchIndex> {
  const ms = new MiniSearch<Chunk>({
    fields: ["text", "path"],
    storeFields: ["path", "start", "end"],
    searchOptions: { boost: { path: 2 }, prefix: true, fuzzy: 0.15, combineWith: "OR" },
  });
  const texts = new Map<number, string>();
  let id = 0;
  let files = 0;
  const batch: Chunk[] = [];
  for (const e of entries) {
    if (e.isDir || e.size === 0 || e.size > 50 * MAX_FILE_BYTES) continue;
    const text = await readText(join(root, e.path)).catch(() => undefined);
    if (text === undefined) continue;
    files++;
    const lines = text.split("\n");
    for (let s = 0; s < lines.length; s += CHUNK_LINES) {
      const body = lines.slice(s, s + CHUNK_LINES).join("\n");
      const chunk = { id: id++, path: e.path, start: s + 1, end: Math.min(lines.length, s + CHUNK_LINES), text: body };
      texts.set(chunk.id, body);
      batch.push(chunk);
    }
  }
  ms.addAll(batch);
  return {
    chunks: id,
    files,
    search(query: string, limit = 8): SearchHit[] {
      const terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 2);
      return ms.search(query).slice(0, limit).map((r) => {
        const body = texts.get(r.id as number) ?? "";
        const lines = body.split("\n");
        const best = Math.max(0, lines.findIndex((l) => terms.some((t) => l.toLowerCase().includes(t))));
        return { path: r.path as string, startLine: r.start as number, endLine: r.end as number, line: (r.start as number) + best, snippet: lines[best]!.trim().slice(0, 200), score: Math.round(r.score * 100) / 100 };
      });
    },
  };
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import MiniSearch from "minisearch";
import { readSmallSync } from "./read.js";
import type { FileEntry } from "./scan.js";

const CHUNK_LINES = 40;
/** Larger files are data (datasets, logs, weights), not what a reviewer searches. */
const MAX_FILE_BYTES = 256 * 1024;

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

function readText(file: string, size: number): string | undefined {
  const data = readSmallSync(file, size);
  if (data.subarray(0, 8192).includes(0)) return undefined;
  return data.toString("utf8");
}

/** Words that match nearly every chunk and rank nothing: dropped from the index and from queries. */
const STOP_WORDS = new Set(
  "a an and are as at be but by for from has have if in into is it its of on or that the their then there these this to was were will with which should must can not no yes all any each than also been being do does done so such".split(" "),
);

const processTerm = (term: string) => {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
};

/**
 * How devjudge's MiniSearch indexes read text: split on anything but letters and digits (so
 * snake_case and dotted.names split too; a plain character class is several times faster than
 * MiniSearch's Unicode-property default), stop words dropped, prefix matching for longer words
 * only and no fuzzy matching (both explode on big vocabularies, and fuzzy matching made each
 * trace query cost a quarter of a millisecond).
 */
export const TEXT_SEARCH = {
  tokenize: (text: string) => text.split(/[^A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u4E00-\u9FFF]+/),
  processTerm,
  searchOptions: { prefix: (term: string) => term.length >= 5, combineWith: "OR" },
} as const;

const terms = (q: string) => q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 2 && !STOP_WORDS.has(t));

/**
 * Ranked full-text search over the workspace's text files (BM25 via MiniSearch), in chunks of
 * lines so a hit points at a place, not just a file. Paths are indexed too. Chunk texts are not
 * kept in memory: a hit's snippet is read back from disk.
 */
export async function buildSearchIndex(root: string, entries: FileEntry[]): Promise<SearchIndex> {
  const ms = new MiniSearch<Chunk>({
    fields: ["text", "path"],
    storeFields: ["path", "start", "end"],
    ...TEXT_SEARCH,
    searchOptions: { ...TEXT_SEARCH.searchOptions, boost: { path: 2 } },
  });
  let id = 0;
  let files = 0;
  const candidates = entries.filter((e) => !e.isDir && !e.isLink && e.size > 0 && e.size <= MAX_FILE_BYTES);
  // files are small (MAX_FILE_BYTES) and read synchronously, a few at a time between turns of
  // the event loop so the rest of the run is not held up by a big workspace
  for (let i = 0; i < candidates.length; i += 32) {
    if (i > 0) await yieldToEventLoop();
    candidates.slice(i, i + 32).forEach((e) => {
      let text: string | undefined;
      try {
        text = readText(join(root, e.path), e.size);
      } catch {
        return; // unreadable, or gone since the scan
      }
      if (text === undefined) return;
      files++;
      const lines = text.split("\n");
      for (let s = 0; s < lines.length; s += CHUNK_LINES) {
        ms.add({ id: id++, path: e.path, start: s + 1, end: Math.min(lines.length, s + CHUNK_LINES), text: lines.slice(s, s + CHUNK_LINES).join("\n") });
      }
    });
  }
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
    chunks: id,
    files,
    search(query: string, limit = 8): SearchHit[] {
      const words = terms(query);
      return ms.search(query).slice(0, limit).map((r) => {
        const lines = linesOf(r.path as string).slice((r.start as number) - 1, r.end as number);
        const best = Math.max(0, lines.findIndex((l) => words.some((t) => l.toLowerCase().includes(t))));
        return { path: r.path as string, startLine: r.start as number, endLine: r.end as number, line: (r.start as number) + best, snippet: (lines[best] ?? "").trim().slice(0, 200), score: Math.round(r.score * 100) / 100 };
      });
    },
  };
}

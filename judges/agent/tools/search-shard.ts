import { join } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import MiniSearch from "minisearch";
import { readSmallSync } from "./read.js";

/*
 * One shard of the workspace search index: what both this thread and a worker thread
 * (search-shard-worker.ts) build and query; search.ts puts the shards together.
 */

const CHUNK_LINES = 40;
/** Larger files are data (datasets, logs, weights), not what a reviewer searches. */
export const MAX_FILE_BYTES = 256 * 1024;

interface Chunk {
  id: number;
  path: string;
  start: number;
  end: number;
  text: string;
}

function readText(file: string, size: number): string | undefined {
  const data = readSmallSync(file, size);
  if (data.subarray(0, 8192).includes(0)) return undefined;
  return data.toString("utf8");
}

/** Words that match nearly every chunk and rank nothing: dropped from the index and from queries. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by for from has have if in into is it its of on or that the their then there " +
    "these this to was were will with which should must can not no yes all any each than also been being " +
    "do does done so such"
  ).split(" "),
);

const WORD_SEPARATORS = /[^A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u4E00-\u9FFF]+/;

/**
 * A text's terms for the index: lower-cased words of two characters or more, stop words dropped,
 * each term given once — or twice when it occurs three times or more. MiniSearch walks its radix
 * tree once per term given, and the keywords a chunk of code repeats were over a third of the
 * indexing time of a 20,000-file workspace; BM25 weighs repeats less and less anyway, and the
 * field length it uses counts distinct terms, so it is unchanged.
 */
function indexTerms(text: string): string[] {
  const counts = new Map<string, number>();
  for (const word of text.split(WORD_SEPARATORS)) {
    if (word.length < 2) continue;
    const t = word.toLowerCase();
    if (!STOP_WORDS.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const [t, n] of counts) {
    out.push(t);
    if (n >= 3) out.push(t);
  }
  return out;
}

/**
 * How devjudge's MiniSearch indexes read text: split on anything but letters and digits (so
 * snake_case and dotted.names split too; a plain character class is several times faster than
 * MiniSearch's Unicode-property default), indexTerms() above, prefix matching for longer words only
 * and no fuzzy matching (both explode on big vocabularies, and fuzzy matching made each trace
 * query cost a quarter of a millisecond). Queries go through the same indexTerms().
 */
export const TEXT_SEARCH = {
  tokenize: indexTerms,
  processTerm: (term: string) => term,
  searchOptions: { prefix: (term: string) => term.length >= 5, combineWith: "OR" },
} as const;

export const terms = (q: string) =>
  q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 2 && !STOP_WORDS.has(t));

/** A ranked hit before its snippet is read: what a shard answers. */
export interface ShardHit {
  path: string;
  start: number;
  end: number;
  score: number;
}

export interface Shard {
  chunks: number;
  files: number;
  search(query: string, limit: number): ShardHit[] | Promise<ShardHit[]>;
  close?(): void;
}

/** One MiniSearch index over some of the workspace's files, built in this thread. */
export async function buildShard(root: string, candidates: { path: string; size: number }[]): Promise<Shard> {
  const ms = new MiniSearch<Chunk>({
    fields: ["text", "path"],
    storeFields: ["path", "start", "end"],
    ...TEXT_SEARCH,
    searchOptions: { ...TEXT_SEARCH.searchOptions, boost: { path: 2 } },
  });
  let id = 0;
  let files = 0;
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
        ms.add({
          id: id++,
          path: e.path,
          start: s + 1,
          end: Math.min(lines.length, s + CHUNK_LINES),
          text: lines.slice(s, s + CHUNK_LINES).join("\n"),
        });
      }
    });
  }
  return {
    chunks: id,
    files,
    search: (query, limit) =>
      ms
        .search(query)
        .slice(0, limit)
        .map((r) => ({ path: r.path as string, start: r.start as number, end: r.end as number, score: r.score })),
  };
}

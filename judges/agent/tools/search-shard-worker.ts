import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { buildShard, type Shard, type ShardHit } from "./search-shard.js";

interface Init {
  root: string;
  files: { path: string; size: number }[];
}
type Reply = { ready: true; chunks: number; files: number } | { failed: string } | { id: number; hits: ShardHit[] };

/** One shard of a big workspace's search index, built and searched in a worker thread of its own. */
export function startWorkerShard(root: string, files: Init["files"]): Promise<Shard> {
  const data: Init = { root, files };
  const worker = import.meta.url.endsWith(".ts")
    ? // run from TypeScript (vitest, tsx): the worker registers tsx's loader before loading this module
      new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
          `.then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true, workerData: data },
      )
    : new Worker(new URL(import.meta.url), { workerData: data });
  worker.unref(); // an index left open must not keep the process alive
  const waiting = new Map<number, { resolve: (h: ShardHit[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  const fail = (e: Error) => {
    dead = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  return new Promise((resolve, reject) => {
    worker.on("error", (e) => {
      fail(e);
      reject(e);
    });
    worker.on("exit", (code) => {
      const e = new Error(`the search worker stopped (exit code ${code})`);
      fail(e);
      reject(e); // if it stopped before it was ready
    });
    worker.on("message", (m: Reply) => {
      if ("failed" in m) {
        void worker.terminate();
        return reject(new Error(m.failed));
      }
      if ("ready" in m) {
        return resolve({
          chunks: m.chunks,
          files: m.files,
          search(query, limit) {
            if (dead) return Promise.reject(dead);
            const id = next++;
            worker.postMessage({ id, query, limit });
            return new Promise<ShardHit[]>((res, rej) => waiting.set(id, { resolve: res, reject: rej }));
          },
          close: () => void worker.terminate(),
        });
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      w?.resolve(m.hits);
    });
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { root, files } = workerData as Init;
  buildShard(root, files).then(
    (shard) => {
      port.on("message", async (q: { id: number; query: string; limit: number }) =>
        port.postMessage({ id: q.id, hits: await shard.search(q.query, q.limit) }),
      );
      port.postMessage({ ready: true, chunks: shard.chunks, files: shard.files });
    },
    (e: unknown) => port.postMessage({ failed: String(e) }),
  );
}

/**
 * A per-task cache of promises: the first caller computes, the others share the result. A failure
 * is not remembered, so the next caller tries again.
 */
export type Memo = (<T>(key: string, compute: () => Promise<T>) => Promise<T>) & {
  /**
   * Closes what the memo holds (whatever has a close() method: a search index's worker threads)
   * once the task is done with it; a value still being computed is closed when it arrives, without
   * holding the caller up.
   */
  dispose(): void;
};

export function createMemo(): Memo {
  const memo = new Map<string, Promise<unknown>>();
  const get = <T>(key: string, compute: () => Promise<T>) => {
    if (!memo.has(key)) {
      const p = compute();
      p.catch(() => memo.delete(key));
      memo.set(key, p);
    }
    return memo.get(key) as Promise<T>;
  };
  const closeable = (v: unknown): v is { close(): void } =>
    typeof (v as { close?: unknown } | null)?.close === "function";
  return Object.assign(get, {
    dispose() {
      for (const p of memo.values())
        p.then(
          (v) => closeable(v) && v.close(),
          () => undefined,
        );
      memo.clear();
    },
  });
}

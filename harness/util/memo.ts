/**
 * A per-task cache of promises: the first caller computes, the others share the result. A failure
 * is not remembered, so the next caller tries again.
 */
export function createMemo(): <T>(key: string, compute: () => Promise<T>) => Promise<T> {
  const memo = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>) => {
    if (!memo.has(key)) {
      const p = compute();
      p.catch(() => memo.delete(key));
      memo.set(key, p);
    }
    return memo.get(key) as Promise<T>;
  };
}

import { describe, expect, it } from "vitest";
import { createMemo } from "../../../harness/util/memo.js";

describe("the per-task memo", () => {
  it("computes once, forgets failures, and on dispose closes what it holds, also what arrives later, without waiting for it", async () => {
    const memo = createMemo();
    let computed = 0;
    const closed: string[] = [];
    const closeable = (name: string) => ({ name, close: () => closed.push(name) });
    const a = await Promise.all([
      memo("a", async () => (computed++, closeable("a"))),
      memo("a", async () => (computed++, closeable("a2"))),
    ]);
    expect(computed).toBe(1);
    expect(a[0]).toBe(a[1]);
    await expect(memo("bad", async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await memo("bad", async () => "second try")).toBe("second try");
    let finish!: (v: unknown) => void;
    void memo("late", () => new Promise((r) => (finish = r)));
    memo("plain", async () => 42);
    memo.dispose(); // returns at once although "late" is still being computed
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(["a"]);
    finish(closeable("late"));
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(["a", "late"]);
  });
});

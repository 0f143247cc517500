import { describe, expect, it } from "vitest";
import { RateLimiter, type Clock } from "../../../harness/llm/rate-limiter.js";

/** A clock that only moves when someone sleeps: the test sees exactly when each call was let go. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe("RateLimiter", () => {
  it("spreads requests to the requests-per-minute rate", async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(120, undefined, clock); // 2 per second, bucket of 2
    const at: number[] = [];
    for (let i = 0; i < 6; i++) {
      await rl.acquire();
      at.push(clock.t);
    }
    expect(at).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it("holds calls back until the tokens they used are paid off, corrected by the real usage", async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(undefined, 6000, clock); // 100 tokens a second
    await rl.acquire(300); // bucket 100 → -200
    expect(clock.t).toBe(0);
    await rl.acquire(50); // must wait the 200 off: 2 s
    expect(clock.t).toBe(2000);
    rl.settle(50, 250); // it really used 250: the bucket is at -250
    await rl.acquire(10);
    expect(clock.t).toBe(4500);
  });

  it("serves concurrent waiters in arrival order, and is a no-op without limits", async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(60, undefined, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => rl.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.t).toBe(3000);
    const free = new RateLimiter(undefined, undefined, clock);
    await Promise.all(Array.from({ length: 100 }, () => free.acquire(1e6)));
    expect(clock.t).toBe(3000);
  });
});

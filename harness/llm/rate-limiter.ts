export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * Requests-per-minute and tokens-per-minute limits for one model endpoint, as two buckets that
 * refill continuously. A bucket holds one second's worth (at least one request), so calls are
 * spread out rather than sent in a burst; a call may take more tokens than the bucket holds by
 * running it into debt, which later calls wait off. Waiters are served in arrival order.
 */
export class RateLimiter {
  private requests: number;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly rpm: number | undefined,
    readonly tpm: number | undefined,
    private readonly clock: Clock = realClock,
  ) {
    this.requests = this.requestCapacity;
    this.tokens = this.tokenCapacity;
    this.last = clock.now();
  }

  private get requestCapacity() {
    return this.rpm ? Math.max(1, this.rpm / 60) : Infinity;
  }
  private get tokenCapacity() {
    return this.tpm ? this.tpm / 60 : Infinity;
  }

  private refill() {
    const now = this.clock.now();
    const dt = now - this.last;
    this.last = now;
    if (this.rpm) this.requests = Math.min(this.requestCapacity, this.requests + (dt * this.rpm) / 60_000);
    if (this.tpm) this.tokens = Math.min(this.tokenCapacity, this.tokens + (dt * this.tpm) / 60_000);
  }

  /** Waits until a call that will use about `estimatedTokens` may go. */
  acquire(estimatedTokens = 0): Promise<void> {
    if (!this.rpm && !this.tpm) return Promise.resolve();
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        const needRequests = this.rpm && this.requests < 1 ? ((1 - this.requests) * 60_000) / this.rpm : 0;
        const needTokens = this.tpm && this.tokens < 0 ? (-this.tokens * 60_000) / this.tpm : 0;
        const wait = Math.max(needRequests, needTokens);
        if (wait <= 0) break;
        await this.clock.sleep(Math.ceil(wait));
      }
      if (this.rpm) this.requests -= 1;
      if (this.tpm) this.tokens -= estimatedTokens;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Corrects the token estimate once the response says what the call really used. */
  settle(estimatedTokens: number, actualTokens: number) {
    if (this.tpm) this.tokens += estimatedTokens - actualTokens;
  }
}

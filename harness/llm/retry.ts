export interface RetryPolicy {
  /** Retries after the first try. */
  max: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryDecision {
  retry: boolean;
  /** What the server asked for (Retry-After), if it did. */
  afterMs?: number;
  reason: string;
}

interface HttpishError {
  status?: number;
  headers?: { get?: (k: string) => string | null } | Record<string, string>;
  retryAfterMs?: number;
  name?: string;
  code?: string;
  cause?: unknown;
  message?: string;
}

function header(err: HttpishError, name: string): string | undefined {
  const h = err.headers;
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === "function")
    return (h as { get: (k: string) => string | null }).get(name) ?? undefined;
  return (h as Record<string, string>)[name];
}

/** Retry-After in seconds or as an HTTP date; retry-after-ms (OpenAI's) wins when present. */
export function retryAfterMs(err: HttpishError, now = Date.now()): number | undefined {
  const ms = Number(header(err, "retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && header(err, "retry-after-ms") !== undefined) return ms;
  const raw = header(err, "retry-after");
  if (raw !== undefined) {
    const s = Number(raw);
    if (Number.isFinite(s)) return Math.max(0, s * 1000);
    const date = Date.parse(raw);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return typeof err.retryAfterMs === "number" ? err.retryAfterMs : undefined;
}

/**
 * Which failures are worth another try: 408, 409, 429 and 5xx, dropped or cut-off connections,
 * timeouts and malformed bodies. Any other 4xx is the request's fault and is never retried.
 */
/** A failure to reach the server or to finish reading it: worth another try. */
const TRANSIENT = new RegExp(
  "APIConnectionError|Connection error|Timeout|AbortError|ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR|socket|terminated|" +
    "network|fetch failed",
  "i",
);

export function classifyError(error: unknown): RetryDecision {
  const err = (error ?? {}) as HttpishError;
  const status = typeof err.status === "number" ? err.status : undefined;
  if (status !== undefined) {
    if (status === 429) return { retry: true, afterMs: retryAfterMs(err), reason: "429 rate limited" };
    if (status === 408 || status === 409) return { retry: true, afterMs: retryAfterMs(err), reason: `${status}` };
    if (status >= 500) return { retry: true, afterMs: retryAfterMs(err), reason: `${status} server error` };
    return { retry: false, reason: `${status} ${firstLine(err.message)}` };
  }
  const name = err.name ?? "";
  // what the network layer said is often two causes down (APIConnectionError → fetch failed → ECONNRESET)
  let text = "";
  for (
    let e: HttpishError | undefined = err, depth = 0;
    e && depth < 5;
    e = e.cause as HttpishError | undefined, depth++
  ) {
    text += ` ${e.name ?? ""} ${e.code ?? ""} ${e.message ?? ""}`;
  }
  if (/ZodError|OutputParserException/.test(name))
    return { retry: false, reason: `reply does not fit the schema: ${firstLine(err.message)}` };
  if (TRANSIENT.test(text)) {
    return { retry: true, reason: `network: ${firstLine(err.message) || name}` };
  }
  if (name === "VerdictFormatError") return { retry: true, reason: firstLine(err.message) };
  if (name === "SyntaxError" || /Cannot read properties of undefined/.test(err.message ?? ""))
    return { retry: true, reason: `malformed response: ${firstLine(err.message)}` };
  return { retry: false, reason: firstLine(err.message) || name || "unknown error" };
}

const firstLine = (s?: string) => (s ?? "").split("\n")[0]!.slice(0, 200);

export function backoffMs(attempt: number, p: RetryPolicy, random = Math.random): number {
  const exp = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2); // "equal jitter": never less than half the backoff
}

export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly last: unknown,
    reason: string,
  ) {
    super(`gave up after ${attempts} tries: ${reason}`);
    this.name = "RetriesExhaustedError";
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Calls `fn` until it succeeds, a failure is not worth retrying, or the retries run out. Waits
 * what the server asks (Retry-After, at most max_delay) or an exponential backoff with jitter.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const d = classifyError(e);
      if (!d.retry) throw e;
      if (attempt >= policy.max) throw new RetriesExhaustedError(attempt + 1, e, d.reason);
      // a server asking for longer than max_delay gets max_delay: one Retry-After: 3600 must not
      // stall a run for an hour
      const capped = d.afterMs !== undefined && d.afterMs > policy.maxDelayMs;
      const delayMs = capped ? policy.maxDelayMs : (d.afterMs ?? backoffMs(attempt, policy));
      const reason = capped
        ? `${d.reason} (Retry-After ${+(d.afterMs! / 1000).toFixed(1)}s capped at ` +
          `max_delay ${+(policy.maxDelayMs / 1000).toFixed(1)}s)`
        : d.reason;
      opts.onRetry?.({ attempt: attempt + 1, delayMs, reason });
      await sleep(delayMs, opts.signal);
    }
  }
}

import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { NewEvent, RunEvent } from "../events/types.js";
import { writeFileAtomic } from "../util/atomic-write.js";

/** What OpenAI bills a batched call at, relative to the same call made at once. */
export const BATCH_PRICE_FACTOR = 0.5;
/** Marks a reply that came through a batch (read back from LangChain's response_metadata.usage). */
export const VIA_BATCH = "devjudge_via_batch";

export interface BatchOptions {
  baseURL: string;
  apiKey: string;
  /** The run directory: each finished batch's results are kept under batches/. */
  runDir: string;
  /** Journals batch.submitted / batch.finished, and says what is going on. */
  emit: (e: NewEvent) => void;
  /** Events of earlier attempts of this run (`--resume`): batches still running are polled again. */
  prior?: RunEvent[];
  /** Ordinary HTTP, for lines a batch failed (and requests that are not chat completions). */
  http: typeof fetch;
  signal: AbortSignal;
  pollMs?: number;
  /** Send the queued requests once none has been added for this long. */
  quietMs?: number;
}

interface LineResult {
  status: number;
  body: unknown;
}

interface Waiter {
  resolve: (r: LineResult | undefined) => void;
}

const CHAT_SUFFIX = "/chat/completions";
const DONE = new Set(["completed", "failed", "expired", "cancelled"]);

/**
 * Sends ChatOpenAI's chat-completions requests through the OpenAI Batch API (/v1/files +
 * /v1/batches) instead of one HTTP call each: it is the `fetch` ChatOpenAI is given, so every
 * request is still built, and every reply read, by ChatOpenAI. Requests are queued; once none has
 * come for `quietMs` they go out as one batch (in a run: the trace summaries first, since every
 * verdict waits on its task's, then the verdicts). Batch ids are journaled; a resumed run polls
 * the batches still running instead of sending their requests again, and answers from the saved
 * results of finished ones. A line the batch failed is sent again as an ordinary call.
 */
export class BatchQueue {
  private queue: { id: string; body: string; waiter: Waiter }[] = [];
  private timer?: NodeJS.Timeout;
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly inBatch = new Set<string>();
  private readonly received = new Map<string, LineResult>();
  private readonly issued = new Map<string, number>();
  private readonly polls: Promise<void>[] = [];
  /** Taken up at the first request, when the run's journal and display are listening. */
  private ready?: Promise<void>;

  constructor(private readonly o: BatchOptions) {}

  private get dir() {
    return join(this.o.runDir, "batches");
  }

  private async resumeFrom(events: RunEvent[]) {
    const finished = new Set(events.flatMap((e) => (e.type === "batch.finished" ? [e.batchId] : [])));
    for (const e of events) {
      if (e.type !== "batch.submitted") continue;
      if (finished.has(e.batchId)) {
        const saved = await readFile(join(this.dir, `${e.batchId}.jsonl`), "utf8").catch(() => "");
        for (const line of saved.split("\n"))
          if (line.trim()) this.take(JSON.parse(line) as { custom_id: string; status: number; body: unknown });
      } else {
        for (const id of e.customIds) this.inBatch.add(id);
        this.o.emit({ type: "info", message: `batch ${e.batchId}: still running from before; polling it again` });
        this.polls.push(this.poll(e.batchId, e.customIds));
      }
    }
  }

  /** The `fetch` for ChatOpenAI. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith(CHAT_SUFFIX) || typeof init?.body !== "string") return this.o.http(input, init);
    await (this.ready ??= this.resumeFrom(this.o.prior ?? []));
    const body = init.body;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 32);
    // identical requests (the samples of a vote) each get their own line, numbered in order
    const n = this.issued.get(hash) ?? 0;
    this.issued.set(hash, n + 1);
    const id = `${hash}-${n}`;
    const result = await this.resultFor(id, body);
    if (result && result.status === 200) {
      const reply = result.body as { usage?: Record<string, unknown> };
      if (reply.usage) reply.usage[VIA_BATCH] = true;
      return new Response(JSON.stringify(reply), { status: 200, headers: { "content-type": "application/json" } });
    }
    // the batch failed this line: an ordinary call instead
    return this.o.http(input, init);
  };

  private resultFor(id: string, body: string): Promise<LineResult | undefined> {
    const got = this.received.get(id);
    if (got) {
      this.received.delete(id);
      return Promise.resolve(got);
    }
    return new Promise((resolve) => {
      const waiter = { resolve };
      if (this.inBatch.has(id)) this.waiting.set(id, [...(this.waiting.get(id) ?? []), waiter]);
      else {
        this.queue.push({ id, body, waiter });
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.submit(), this.o.quietMs ?? 1000);
      }
    });
  }

  private take(line: { custom_id: string; status: number; body: unknown }) {
    const waiters = this.waiting.get(line.custom_id);
    const result = { status: line.status, body: line.body };
    if (waiters?.length) {
      waiters.shift()!.resolve(result);
      if (!waiters.length) this.waiting.delete(line.custom_id);
    } else this.received.set(line.custom_id, result);
  }

  private async api(path: string, init: RequestInit = {}): Promise<Response> {
    // Node's own fetch: the upload is multipart form data
    const r = await fetch(`${this.o.baseURL.replace(/\/+$/, "")}${path}`, {
      ...init,
      signal: this.o.signal,
      headers: { authorization: `Bearer ${this.o.apiKey}`, ...(init.headers ?? {}) },
    });
    if (!r.ok)
      throw new Error(`batch API ${init.method ?? "GET"} ${path}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
    return r;
  }

  private async submit() {
    const lines = this.queue;
    this.queue = [];
    if (!lines.length) return;
    for (const l of lines) {
      this.inBatch.add(l.id);
      this.waiting.set(l.id, [...(this.waiting.get(l.id) ?? []), l.waiter]);
    }
    const ids = lines.map((l) => l.id);
    try {
      const jsonl = lines
        .map((l) =>
          JSON.stringify({ custom_id: l.id, method: "POST", url: "/v1/chat/completions", body: JSON.parse(l.body) }),
        )
        .join("\n");
      const form = new FormData();
      form.append("purpose", "batch");
      form.append("file", new Blob([`${jsonl}\n`], { type: "application/jsonl" }), "devjudge-batch.jsonl");
      const file = (await (await this.api("/files", { method: "POST", body: form })).json()) as { id: string };
      const batch = (await (
        await this.api("/batches", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" }),
        })
      ).json()) as { id: string };
      this.o.emit({ type: "batch.submitted", batchId: batch.id, inputFileId: file.id, customIds: ids });
      this.o.emit({
        type: "info",
        message: `batch ${batch.id}: ${ids.length} request(s) sent; polling until it completes`,
      });
      this.polls.push(this.poll(batch.id, ids));
    } catch (e) {
      if (this.o.signal.aborted) return;
      this.o.emit({
        type: "warning",
        message:
          `could not send a batch (${(e as Error).message}); ` +
          `its ${ids.length} request(s) go out as ordinary calls`,
      });
      this.settle(ids, []);
    }
  }

  private async poll(batchId: string, ids: string[]) {
    try {
      for (;;) {
        const b = (await (await this.api(`/batches/${batchId}`)).json()) as {
          status: string;
          output_file_id?: string | null;
          error_file_id?: string | null;
        };
        if (DONE.has(b.status)) {
          const lines: { custom_id: string; status: number; body: unknown }[] = [];
          for (const fileId of [b.output_file_id, b.error_file_id]) {
            if (!fileId) continue;
            const text = await (await this.api(`/files/${fileId}/content`)).text();
            for (const l of text.split("\n")) {
              if (!l.trim()) continue;
              const x = JSON.parse(l) as {
                custom_id: string;
                response?: { status_code: number; body: unknown } | null;
              };
              lines.push({
                custom_id: x.custom_id,
                status: x.response?.status_code ?? 0,
                body: x.response?.body ?? null,
              });
            }
          }
          await mkdir(this.dir, { recursive: true });
          await writeFileAtomic(
            join(this.dir, `${batchId}.jsonl`),
            lines.map((l) => JSON.stringify(l)).join("\n") + "\n",
          );
          this.o.emit({
            type: "batch.finished",
            batchId,
            status: b.status,
            succeeded: lines.filter((l) => l.status === 200).length,
            failed: ids.length - lines.filter((l) => l.status === 200).length,
          });
          this.settle(ids, lines);
          return;
        }
        await sleep(this.o.pollMs ?? 30_000, undefined, { signal: this.o.signal });
      }
    } catch (e) {
      if (this.o.signal.aborted) return;
      this.o.emit({
        type: "warning",
        message: `batch ${batchId}: ${(e as Error).message}; its request(s) go out as ordinary calls`,
      });
      this.settle(ids, []);
    }
  }

  /**
   * Hands each line to its waiter; ids without a line (an expired or failed batch) are answered
   * as failed, so they go out as ordinary calls.
   */
  private settle(ids: string[], lines: { custom_id: string; status: number; body: unknown }[]) {
    for (const id of ids) this.inBatch.delete(id);
    for (const l of lines) this.take(l);
    const answered = new Set(lines.map((l) => l.custom_id));
    for (const id of ids) {
      if (answered.has(id)) continue;
      for (const w of this.waiting.get(id) ?? []) w.resolve(undefined);
      this.waiting.delete(id);
    }
  }
}

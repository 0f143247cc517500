/**
 * The OpenAI Batch API for the fake server: POST /v1/files (multipart upload), GET /v1/files/:id
 * and /v1/files/:id/content, POST /v1/batches, GET /v1/batches/:id. A batch is `in_progress` for
 * its first `pollsInProgress` polls (or while `hold` is set), then `completed`: every line is
 * answered by the server's rules as a chat-completions request would be; 200 answers go to the
 * output file, the others (and lines a rule answers with a reset, a cut or a malformed body) to
 * the error file.
 */
import type { RecordedCall } from "./types.js";

export interface LineAnswer {
  status: number;
  body: unknown;
}

export interface BatchRecord {
  id: string;
  inputFileId: string;
  status: "validating" | "in_progress" | "completed" | "failed" | "expired" | "cancelled";
  polls: number;
  outputFileId?: string;
  errorFileId?: string;
  requestCounts: { total: number; completed: number; failed: number };
}

export interface BatchApiOptions {
  /** Polls that still see `in_progress` before a batch completes (default 1). */
  pollsInProgress?: number;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
}

type Answer = (body: RecordedCall["body"]) => Promise<LineAnswer>;

export class FakeBatchApi {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, BatchRecord>();
  /** While true, every batch stays in_progress however often it is polled. */
  hold = false;
  private n = 0;

  constructor(
    private readonly answer: Answer,
    private readonly opts: BatchApiOptions = {},
  ) {}

  reset(): void {
    this.files.clear();
    this.batches.clear();
    this.hold = false;
    this.n = 0;
  }

  /** Handles a files or batches route; undefined when the path is not one. */
  async handle(
    method: string,
    path: string,
    rawBody: string,
    contentType: string | undefined,
  ): Promise<{ status: number; body: unknown; text?: boolean } | undefined> {
    if (method === "POST" && path === "/v1/files") return this.upload(rawBody, contentType);
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (method === "GET" && file) {
      const f = this.files.get(file[1]!);
      if (!f)
        return {
          status: 404,
          body: { error: { message: `no file ${file[1]}`, type: "invalid_request_error", code: null } },
        };
      return file[2] ? { status: 200, body: f.content, text: true } : { status: 200, body: this.fileObject(f) };
    }
    if (method === "POST" && path === "/v1/batches") return this.create(rawBody);
    const batch = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (method === "GET" && batch) return this.poll(batch[1]!);
    return undefined;
  }

  private id(prefix: string): string {
    return `${prefix}${String(++this.n).padStart(6, "0")}`;
  }

  private fileObject(f: StoredFile) {
    return {
      id: f.id,
      object: "file",
      bytes: Buffer.byteLength(f.content),
      created_at: 1_700_000_000,
      filename: f.filename,
      purpose: f.purpose,
    };
  }

  private async upload(rawBody: string, contentType: string | undefined) {
    const form = await new Request("http://fake/upload", {
      method: "POST",
      headers: { "content-type": contentType ?? "" },
      body: Buffer.from(rawBody, "utf8"),
    })
      .formData()
      .catch(() => undefined);
    const file = form?.get("file");
    if (!form || !file || typeof file === "string")
      return {
        status: 400,
        body: {
          error: {
            message: "fake-openai: expected multipart/form-data with a file",
            type: "invalid_request_error",
            code: null,
          },
        },
      };
    const stored: StoredFile = {
      id: this.id("file-"),
      filename: file.name || "upload.jsonl",
      purpose: String(form.get("purpose") ?? ""),
      content: await file.text(),
    };
    this.files.set(stored.id, stored);
    return { status: 200, body: this.fileObject(stored) };
  }

  private create(rawBody: string) {
    const req = JSON.parse(rawBody || "{}") as { input_file_id?: string; endpoint?: string };
    const input = req.input_file_id ? this.files.get(req.input_file_id) : undefined;
    if (!input)
      return {
        status: 400,
        body: {
          error: {
            message: `fake-openai: no input file ${req.input_file_id}`,
            type: "invalid_request_error",
            code: null,
          },
        },
      };
    const total = input.content.split("\n").filter((l) => l.trim()).length;
    const b: BatchRecord = {
      id: this.id("batch_"),
      inputFileId: input.id,
      status: "validating",
      polls: 0,
      requestCounts: { total, completed: 0, failed: 0 },
    };
    this.batches.set(b.id, b);
    return { status: 200, body: this.batchObject(b) };
  }

  private async poll(id: string) {
    const b = this.batches.get(id);
    if (!b)
      return { status: 404, body: { error: { message: `no batch ${id}`, type: "invalid_request_error", code: null } } };
    b.polls++;
    if (b.status === "validating" || b.status === "in_progress") {
      b.status = "in_progress";
      if (!this.hold && b.polls > (this.opts.pollsInProgress ?? 1)) await this.complete(b);
    }
    return { status: 200, body: this.batchObject(b) };
  }

  private async complete(b: BatchRecord): Promise<void> {
    const out: string[] = [];
    const errors: string[] = [];
    for (const line of this.files.get(b.inputFileId)!.content.split("\n")) {
      if (!line.trim()) continue;
      const req = JSON.parse(line) as { custom_id: string; body: RecordedCall["body"] };
      const a = await this.answer(req.body);
      const response = { status_code: a.status, request_id: this.id("req_"), body: a.body };
      if (a.status === 200)
        out.push(JSON.stringify({ id: this.id("batch_req_"), custom_id: req.custom_id, response, error: null }));
      else
        errors.push(
          JSON.stringify({
            id: this.id("batch_req_"),
            custom_id: req.custom_id,
            response,
            error: { code: String(a.status), message: "the request failed" },
          }),
        );
    }
    const save = (lines: string[]) => {
      if (!lines.length) return undefined;
      const f: StoredFile = {
        id: this.id("file-"),
        filename: `${b.id}_output.jsonl`,
        purpose: "batch_output",
        content: `${lines.join("\n")}\n`,
      };
      this.files.set(f.id, f);
      return f.id;
    };
    Object.assign(b, {
      status: "completed",
      outputFileId: save(out),
      errorFileId: save(errors),
      requestCounts: { total: out.length + errors.length, completed: out.length, failed: errors.length },
    });
  }

  private batchObject(b: BatchRecord) {
    return {
      id: b.id,
      object: "batch",
      endpoint: "/v1/chat/completions",
      input_file_id: b.inputFileId,
      completion_window: "24h",
      status: b.status,
      output_file_id: b.outputFileId ?? null,
      error_file_id: b.errorFileId ?? null,
      created_at: 1_700_000_000,
      request_counts: b.requestCounts,
    };
  }
}

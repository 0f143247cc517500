// The fake server's Batch API, spoken to as the OpenAI documentation describes it (plain fetch).
import { describe, expect, it } from "vitest";
import type { FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

let fake: FakeOpenAI;
useFakeOpenAI((s) => ({ fake } = s));

const line = (id: string, text: string) =>
  JSON.stringify({
    custom_id: id,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "gpt-4o", messages: [{ role: "user", content: text }] },
  });

async function api(path: string, init?: RequestInit) {
  const r = await fetch(`${fake.baseURL}${path}`, init);
  return { status: r.status, body: r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text() };
}

describe("fake Batch API", () => {
  it("upload, create, poll in_progress then completed, output and error files by custom_id", async () => {
    fake.addRules({ match: { lastUser: "fail" }, reply: { error: { status: 500 } } }, { reply: { content: "fine" } });
    const form = new FormData();
    form.append("purpose", "batch");
    form.append("file", new Blob([`${line("a", "hello")}\n${line("b", "please fail")}\n`]), "in.jsonl");
    const file = await api("/files", { method: "POST", body: form });
    expect(file.body).toMatchObject({ object: "file", purpose: "batch", filename: "in.jsonl" });
    const created = await api("/batches", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input_file_id: file.body.id, endpoint: "/v1/chat/completions", completion_window: "24h" }),
    });
    expect(created.body).toMatchObject({ object: "batch", status: "validating", request_counts: { total: 2 } });
    const id = created.body.id as string;
    expect((await api(`/batches/${id}`)).body.status).toBe("in_progress");
    expect(fake.batchLines).toHaveLength(0); // nothing answered before it completes
    const done = (await api(`/batches/${id}`)).body;
    expect(done).toMatchObject({ status: "completed", request_counts: { total: 2, completed: 1, failed: 1 } });
    const out = (await api(`/files/${done.output_file_id}/content`)).body as string;
    const ok = JSON.parse(out.trim());
    expect(ok).toMatchObject({ custom_id: "a", error: null, response: { status_code: 200 } });
    expect(ok.response.body.choices[0].message.content).toBe("fine");
    const err = JSON.parse(((await api(`/files/${done.error_file_id}/content`)).body as string).trim());
    expect(err).toMatchObject({ custom_id: "b", response: { status_code: 500 } });
    expect(fake.batchLines.map((c) => c.responseStatus)).toEqual([200, 500]);
  });

  it("hold keeps a batch in progress however often it is polled; an unknown batch or file is a 404", async () => {
    fake.addRules({ reply: { content: "fine" } });
    fake.batches.hold = true;
    const form = new FormData();
    form.append("purpose", "batch");
    form.append("file", new Blob([`${line("a", "x")}\n`]), "in.jsonl");
    const file = await api("/files", { method: "POST", body: form });
    const { id } = (await api("/batches", { method: "POST", body: JSON.stringify({ input_file_id: file.body.id }) }))
      .body;
    for (let i = 0; i < 5; i++) expect((await api(`/batches/${id}`)).body.status).toBe("in_progress");
    fake.batches.hold = false;
    expect((await api(`/batches/${id}`)).body.status).toBe("completed");
    expect((await api("/batches/batch_nope")).status).toBe(404);
    expect((await api("/files/file-nope/content")).status).toBe(404);
  });
});

// --batch: the model calls go through the OpenAI Batch API of the fake server (files, batches,
// polling, output and error files); batch ids are journaled, so a run killed while waiting
// resumes by polling the same batches.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { cliPath, repoRoot, tempDir } from "../helpers/paths.js";
import { readJournalEvents, readReportFile, verdictMap } from "../helpers/project.js";
import { scriptedJudgeRules } from "../helpers/scripted-judge.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ batchPollsInProgress: 2 });
});
afterAll(() => fake.close());

const env = () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL });
const args = [
  "--judge",
  "agent",
  "--model",
  "gpt-4o",
  "--candidate",
  "ace",
  "--suite",
  "tasks/demo/py-wordfreq-cli.yaml",
  "tasks/demo/c-rle-codec.yaml",
  "--set",
  "judge.static_first=false",
  "--set",
  "judge.batch_poll=0.05",
  "--no-cache",
];

/** Every custom id of every batch input file the server received. */
function inputIds(): string[] {
  return [...fake.batches.files.values()]
    .filter((f) => f.purpose === "batch")
    .flatMap((f) =>
      f.content
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
    );
}

describe("--batch", () => {
  it("sends the trace summaries as one batch, then the verdicts as another; same verdicts as ordinary calls, billed at batch prices", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    const plain = join(await tempDir(), "plain");
    expect((await devjudgeInProcess(["run", ...args, "--output", plain], { env: env() })).code).toBe(0);
    const ordinaryCalls = fake.chatCalls.length;

    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    const out = join(await tempDir(), "batch");
    const r = await devjudgeInProcess(["run", ...args, "--batch", "--output", out], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(fake.chatCalls).toHaveLength(0);
    expect(fake.batchLines).toHaveLength(ordinaryCalls);
    const events = await readJournalEvents(out);
    const submitted = events.flatMap((e) => (e.type === "batch.submitted" ? [e] : []));
    expect(submitted).toHaveLength(2);
    expect(submitted[0]!.customIds).toHaveLength(2); // one trace summary per task
    expect(events.filter((e) => e.type === "batch.finished")).toHaveLength(2);
    const report = await readReportFile(out);
    expect(verdictMap(report)).toEqual(verdictMap(await readReportFile(plain)));
    const u = report.usage;
    expect(u.calls).toBe(ordinaryCalls);
    expect(u.cost).toBeCloseTo((u.inputTokens * 1.25 + u.outputTokens * 5) / 1e6, 6);
    expect(r.stdout).toContain(`batch ${submitted[0]!.batchId}`);
  });

  it("a line the batch failed is sent again as an ordinary call", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    fake.addRules({
      name: "fail one line",
      times: 1,
      match: (c) => c.path.startsWith("batch:") && !!c.body.response_format,
      reply: { error: { status: 500 } },
    });
    const out = join(await tempDir(), "run");
    const r = await devjudgeInProcess(["run", ...args, "--batch", "--output", out], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(fake.chatCalls).toHaveLength(1);
    expect(fake.chatCalls[0]!.matchedBy).toBe("verdict");
    const report = await readReportFile(out);
    expect(report.counts.error).toBe(0);
    const finished = (await readJournalEvents(out)).flatMap((e) => (e.type === "batch.finished" ? [e] : []));
    expect(finished.reduce((n, e) => n + e.failed, 0)).toBe(1);
  });

  it("SIGKILL while waiting on a batch, then --resume: the same batch is polled, nothing is sent twice, the run completes", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    fake.batches.hold = true;
    const out = join(await tempDir(), "run");
    const child = execa("node", [cliPath, "run", ...args, "--batch", "--output", out], {
      cwd: repoRoot,
      env: { ...env(), CI: "true" },
      reject: false,
    });
    // wait (on the journal, not the clock) until the first batch is journaled and polled
    let batchId: string | undefined;
    for (let i = 0; i < 2000 && !batchId; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const text = await readFile(join(out, "journal.jsonl"), "utf8").catch(() => "");
      batchId = /"type":"batch.submitted","batchId":"([^"]+)"/.exec(text)?.[1];
    }
    expect(batchId).toBeDefined();
    while (fake.batches.batches.get(batchId!)!.polls < 2) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await child;
    expect((await readJournalEvents(out)).some((e) => e.type === "batch.finished")).toBe(false);
    const sentBefore = inputIds();

    fake.batches.hold = false;
    const pollsBefore = fake.batches.batches.get(batchId!)!.polls;
    const resumed = await devjudgeInProcess(["run", "--resume", out], { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`batch ${batchId}: still running from before; polling it again`);
    expect(fake.batches.batches.get(batchId!)!.polls).toBeGreaterThan(pollsBefore);
    expect(fake.batches.batches.get(batchId!)!.status).toBe("completed");
    // the summaries of the first batch were not sent again; every request went out once
    const ids = inputIds();
    expect(ids.slice(0, sentBefore.length)).toEqual(sentBefore);
    expect(new Set(ids).size).toBe(ids.length);
    expect(fake.chatCalls).toHaveLength(0);
    const report = await readReportFile(out);
    expect(report.counts.error).toBe(0);
    expect(report.counts.total).toBeGreaterThan(0);
  });
});

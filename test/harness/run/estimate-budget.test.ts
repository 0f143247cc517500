// `devjudge run --estimate` against what the run then uses, and `--budget` stopping and resuming.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Estimate } from "../../../harness/run/estimate.js";
import { writeSyntheticProject } from "../../../bench/lib/synthetic.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai/server.js";
import { tempDir } from "../../helpers/paths.js";
import { readJournalEvents, readReportFile } from "../../helpers/project.js";
import { scriptedJudgeRules } from "../../helpers/scripted-judge.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
const env = () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL });

/** |estimated − used| ÷ used, over prompt and output tokens together; the estimate's calls and the run's. */
async function estimateThenRun(args: string[], cwd?: string) {
  fake.reset();
  fake.addRules(...scriptedJudgeRules());
  const est = await devjudgeInProcess(["run", ...args, "--estimate", "--ui", "json"], { env: env(), cwd });
  expect(est.code, est.stderr).toBe(0);
  expect(fake.chatCalls).toHaveLength(0); // no model call
  const e = JSON.parse(est.stdout) as Estimate;
  const out = join(await tempDir(), "run");
  const run = await devjudgeInProcess(["run", ...args, "--no-cache", "--output", out], { env: env(), cwd });
  expect(run.code, run.stderr).toBe(0);
  const used = (await readReportFile(out)).usage;
  const estimated = e.sure.inputTokens + e.sure.outputTokens;
  const actual = used.inputTokens + used.outputTokens;
  return { e, used, error: Math.abs(estimated - actual) / actual };
}

describe("--estimate", () => {
  it("on the demo: the calls the run makes, and tokens within 15% of what it uses", async () => {
    const { e, used, error } = await estimateThenRun([
      "--judge",
      "agent",
      "--model",
      "gpt-4o",
      "--set",
      "judge.static_first=false",
      "--candidate",
      "ace",
      "halfway",
    ]);
    expect(e.sure.calls).toBe(used.calls);
    expect(e.maybe.calls).toBe(0);
    expect(error).toBeLessThan(0.15);
    // the repeated prefixes it expects are about what the provider then reports cached
    expect(Math.abs(e.sure.repeatedPrefixTokens - used.cachedInputTokens!) / used.cachedInputTokens!).toBeLessThan(
      0.15,
    );
    expect(e.cost!.low).toBeLessThan(e.cost!.high);
  });

  it("on a synthetic DevAI-style run (gray-box pipeline, two candidates): within 15%", async () => {
    const dir = await tempDir();
    await writeSyntheticProject(dir, { tasks: 8, requirements: 53, candidates: ["alpha", "beta"] });
    const { e, used, error } = await estimateThenRun(["--config", join(dir, "devjudge.yaml")], dir);
    expect(e.sure.calls).toBe(used.calls);
    expect(e.sure.byKind.summary).toBe(16);
    expect(error).toBeLessThan(0.15);
  });

  it("with checks left to decide, the run falls within the range; an unknown price gives cost –", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    const args = ["run", "--judge", "agent", "--model", "my-local-model", "--candidate", "ace"];
    const est = await devjudgeInProcess([...args, "--estimate"], { env: env() });
    expect(est.code).toBe(0);
    const [, low, high] = /^model calls: (\d+) – (\d+)/m.exec(est.stdout)!.map(Number);
    expect(est.stdout).toMatch(/^cost: – at no price known/m);
    expect(fake.chatCalls).toHaveLength(0);
    const out = join(await tempDir(), "run");
    expect((await devjudgeInProcess([...args, "--no-cache", "--output", out], { env: env() })).code).toBe(0);
    expect(fake.chatCalls.length).toBeGreaterThanOrEqual(low!);
    expect(fake.chatCalls.length).toBeLessThanOrEqual(high!);
    expect(fake.chatCalls.length).toBeLessThan(high!); // the demo's checks decide some requirements
  });
});

describe("--budget", () => {
  it("stops before passing the budget with the journal intact; --resume with a larger budget finishes, judging nothing twice", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    const out = join(await tempDir(), "run");
    const args = [
      "--judge",
      "agent",
      "--model",
      "gpt-4o",
      "--set",
      "judge.static_first=false",
      "--candidate",
      "ace",
      "--no-cache",
      "--concurrency",
      "2",
    ];
    const first = await devjudgeInProcess(["run", ...args, "--budget", "0.05", "--output", out], { env: env() });
    expect(first.code).toBe(3);
    expect(first.stderr).toContain("budget reached");
    expect(first.stderr).toContain(`--resume`);
    const events = await readJournalEvents(out);
    const spent = events.reduce((n, e) => n + (e.type === "usage" ? e.cost : 0), 0);
    expect(spent).toBeLessThanOrEqual(0.05);
    const judgedFirst = events.filter((e) => e.type === "item.judged");
    expect(judgedFirst.length).toBeGreaterThan(0);
    expect(judgedFirst.every((e) => e.type === "item.judged" && e.verdict.status !== "error")).toBe(true);
    const callsFirst = fake.chatCalls.length;

    // the same total again: what the journal shows spent counts, so the run stays under it
    const again = await devjudgeInProcess(["run", "--resume", out, "--budget", "0.05"], { env: env() });
    expect(again.code).toBe(3);
    const spentTwice = (await readJournalEvents(out)).reduce((n, e) => n + (e.type === "usage" ? e.cost : 0), 0);
    expect(spentTwice).toBeLessThanOrEqual(0.05);
    expect(fake.chatCalls.length - callsFirst).toBeLessThan(callsFirst);

    const rest = await devjudgeInProcess(["run", "--resume", out, "--budget", "5"], { env: env() });
    expect(rest.code, rest.stderr).toBe(0);
    const all = (await readJournalEvents(out)).filter((e) => e.type === "item.judged");
    const keys = all.map((e) => (e.type === "item.judged" ? `${e.task}/${e.kind}/${e.id}` : ""));
    expect(new Set(keys).size).toBe(keys.length);
    const report = await readReportFile(out);
    expect(report.counts.error).toBe(0);
    expect(report.counts.total + report.candidates[0]!.preferenceCounts.total).toBe(keys.length);
  });

  it("a budget needs a known price", async () => {
    const r = await devjudge(
      [
        "run",
        "--judge",
        "agent",
        "--model",
        "my-local-model",
        "--candidate",
        "ace",
        "--budget",
        "1",
        "--output",
        join(await tempDir(), "x"),
      ],
      { env: env() },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no price is known for model 'my-local-model'");
  });
});

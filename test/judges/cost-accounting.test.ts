// Cached and reasoning tokens and cost, from the model's responses to the report and the summary.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import type { Reply, Rule } from "../helpers/fake-openai/types.js";
import { tempDir } from "../helpers/paths.js";
import { readJournalEvents, readReportFile } from "../helpers/project.js";
import { scriptedJudgeRules } from "../helpers/scripted-judge.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const env = () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL });
const wordfreq = ["--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace", "--judge", "agent", "--no-cache"];

describe("cost accounting", () => {
  it("reads cached and reasoning tokens from every response and prices cached input at its own rate", async () => {
    fake.reset();
    fake.addRules(...scriptedJudgeRules());
    const out = join(await tempDir(), "run");
    const r = await devjudgeInProcess(["run", ...wordfreq, "--model", "gpt-4o", "--output", out], { env: env() });
    expect(r.code).toBe(0);
    const report = await readReportFile(out);
    // what the server reported, summed
    const served = fake.chatCalls.length;
    const usages = (await readJournalEvents(out)).flatMap((e) => (e.type === "usage" && !e.cached ? [e] : []));
    expect(usages).toHaveLength(served);
    const cached = usages.reduce((n, e) => n + (e.cachedInputTokens ?? 0), 0);
    // the verdict prompts of the task share their start, which the provider caches
    expect(cached).toBeGreaterThan(0);
    const u = report.usage;
    expect(u.calls).toBe(served);
    expect(u.cachedInputTokens).toBe(cached);
    const fresh = u.inputTokens - cached;
    expect(u.cost).toBeCloseTo((fresh * 2.5 + cached * 1.25 + u.outputTokens * 10) / 1e6, 6);
    expect(r.stdout).toContain(`tokens ${u.inputTokens.toLocaleString("en-US")} in`);
    expect(r.stdout).not.toContain("–");
  });

  it("reasoning tokens are counted; a model without a price shows cost as – in the summary, the markdown and the report", async () => {
    fake.reset();
    fake.addRules(
      ...scriptedJudgeRules().map((rule) => ({
        ...rule,
        reply: async (call: Parameters<Exclude<Rule["reply"], Reply>>[0]) => {
          const reply = (typeof rule.reply === "function" ? await rule.reply(call) : rule.reply) as Reply;
          return {
            ...reply,
            usage: {
              prompt_tokens: 1500,
              completion_tokens: 90,
              completion_tokens_details: { reasoning_tokens: 70 },
            },
          } as Reply;
        },
      })),
    );
    const out = join(await tempDir(), "run");
    const r = await devjudgeInProcess(["run", ...wordfreq, "--model", "local-llama-unpriced", "--output", out], {
      env: env(),
    });
    expect(r.code).toBe(0);
    const report = await readReportFile(out);
    expect(report.usage.reasoningTokens).toBe(70 * report.usage.calls);
    expect(report.usage.unpricedCalls).toBe(report.usage.calls);
    const row = r.stdout.split("\n").find((l) => l.startsWith("ace "))!;
    expect(row).toContain("–");
    expect(row).not.toContain("0.0000");
    expect(r.stdout).toContain("reasoning");
    const { readFile } = await import("node:fs/promises");
    const md = await readFile(join(out, "summary.md"), "utf8");
    expect(md).not.toContain("0.0000");
    const html = await readFile(join(out, "index.html"), "utf8");
    expect(html).not.toContain("0.0000");
  });
});

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../harness/report/types.js";
import { devjudge } from "../helpers/cli.js";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import type { Reply, Rule } from "../helpers/fake-openai/types.js";
import { SKIP_DEVAI, repoRoot, devai, skipDevai, tempDir } from "../helpers/paths.js";
import { readReportFile } from "../helpers/project.js";
import { scriptedJudgeRules } from "../helpers/scripted-judge.js";

const KEY = "sk-devjudge-test-7f3a9c1e";
const USAGE = { prompt_tokens: 100, completion_tokens: 10 };

/** The scripted judge, with a fixed usage on every reply so token sums can be checked exactly. */
function withUsage(rules: Rule[]): Rule[] {
  return rules.map((r) => ({
    ...r,
    reply: async (call) => {
      const reply = (typeof r.reply === "function" ? await r.reply(call) : r.reply) as Reply;
      return { ...reply, usage: USAGE } as Reply;
    },
  }));
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const env = () => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseURL });
const wordfreq = ["--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace"];

async function allOutput(dir: string): Promise<string> {
  let text = "";
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) text += await readFile(join(e.parentPath, e.name), "utf8").catch(() => "");
  }
  return text;
}

function llmVerdicts(report: Report) {
  return report.candidates.flatMap((c) =>
    c.tasks.flatMap((t) =>
      [...t.requirements, ...t.preferences]
        .filter((v) => v.judge !== "static")
        .map((v) => ({ task: t.task, ws: t.workspace!, ...v })),
    ),
  );
}

describe("Agent-as-a-Judge and LLM-as-a-Judge against a scripted model over real HTTP", () => {
  for (const workflow of ["pipeline", "agentic"] as const) {
    it(
      `agent judge, ${workflow}: the model's tool calls ` + `really read the files; evidence, tokens and cost add up`,
      async () => {
        fake.reset();
        fake.addRules(...withUsage(scriptedJudgeRules()));
        const out = join(await tempDir(), "run");
        const r = await devjudgeInProcess(
          ["run", "--judge", "agent", "--workflow", workflow, "--no-cache", "--output", out, ...wordfreq],
          { env: env() },
        );
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const report = await readReportFile(out);
        const judged = llmVerdicts(report);
        expect(judged.length).toBe(4); // 2 requirements without checks + 2 preferences
        for (const v of judged) {
          expect(v.judge).toBe(`agent/${workflow}`);
          expect(v.status).toBe("satisfied");
          const ev = v.evidence[0]!;
          expect(ev.kind).toBe("file");
          if (ev.kind !== "file") continue;
          // the quoted line is really that line of that file: the tools read it
          const lines = (await readFile(join(repoRoot, v.ws, ev.path), "utf8")).split("\n");
          expect(v.reason).toContain(`"${lines[ev.startLine! - 1]!.trim().slice(0, 60)}"`);
        }
        if (workflow === "agentic") {
          const toolsUsed = fake.chatCalls.flatMap((c) =>
            (c.body.messages ?? []).filter((m) => m.role === "tool").map((m) => m.name),
          );
          expect(new Set(toolsUsed)).toEqual(new Set(["locate", "read"]));
        }
        // every call's usage is in the report, once
        const calls = fake.chatCalls.length;
        const usage = report.candidates[0]!.metrics.usage;
        expect(usage).toMatchObject({ calls, inputTokens: 100 * calls, outputTokens: 10 * calls });
        expect(judged.reduce((n, v) => n + (v.usage?.calls ?? 0), 0)).toBe(calls);
        expect(fake.chatCalls.every((c) => c.headers.authorization === `Bearer ${KEY}`)).toBe(true);
        expect(await allOutput(out)).not.toContain(KEY);
      },
    );
  }

  it("llm judge: one call per item with the tree and the trace summary, no file contents; summary once per task", async () => {
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    const out = join(await tempDir(), "run");
    const r = await devjudgeInProcess(["run", "--judge", "llm", "--no-cache", "--output", out, ...wordfreq], {
      env: env(),
    });
    expect(r.code).toBe(0);
    const report = await readReportFile(out);
    const judged = llmVerdicts(report);
    expect(
      judged.every((v) => v.judge === "llm" && v.status === "unsatisfied" && v.reason.includes("no file content")),
    ).toBe(true);
    const verdictCalls = fake.chatCalls.filter((c) => c.matchedBy === "verdict");
    expect(verdictCalls).toHaveLength(4);
    expect(fake.chatCalls.filter((c) => c.matchedBy === "summary")).toHaveLength(1);
    const prompt = JSON.stringify(verdictCalls[0]!.body.messages);
    expect(prompt).toContain("wordfreq/");
    expect(prompt).toContain("trace summary");
    expect(prompt).not.toContain("def count_words");
  });

  it("a re-run over unchanged workspaces is answered from the cache: zero model calls, same verdicts", async () => {
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    const dir = await tempDir();
    const args = ["run", "--judge", "agent", "--cache-dir", join(dir, "cache"), ...wordfreq];
    expect((await devjudgeInProcess([...args, "--output", join(dir, "a")], { env: env() })).code).toBe(0);
    const first = fake.chatCalls.length;
    expect(first).toBeGreaterThan(0);
    expect((await devjudgeInProcess([...args, "--output", join(dir, "b")], { env: env() })).code).toBe(0);
    expect(fake.chatCalls.length).toBe(first);
    const [a, b] = [await readReportFile(join(dir, "a")), await readReportFile(join(dir, "b"))];
    expect(llmVerdicts(b).map((v) => [v.status, v.reason])).toEqual(llmVerdicts(a).map((v) => [v.status, v.reason]));
    expect(b.candidates[0]!.metrics.usage).toMatchObject({ calls: 0, inputTokens: 0, cachedCalls: first });
    const stats = await devjudgeInProcess(["cache", "stats", "--dir", join(dir, "cache")]);
    expect(stats.stdout).toContain(`: ${first} response(s)`);
  });

  it("votes: a strict majority decides with its share as confidence; a tie is undecided", async () => {
    const seq = (statuses: string[]): Rule => {
      let i = 0;
      return {
        name: "votes",
        match: (c) => !!c.body.response_format,
        reply: () => ({ json: { status: statuses[i++ % statuses.length], reason: "vote", evidence: [] } }),
      };
    };
    const one = ["--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace", "--no-cache"];
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    fake.addRules(seq(["satisfied", "unsatisfied", "satisfied"]));
    const out3 = join(await tempDir(), "v3");
    expect(
      (
        await devjudgeInProcess(
          ["run", "--judge", "llm", "--votes", "3", "--concurrency", "1", "--output", out3, ...one],
          {
            env: env(),
          },
        )
      ).code,
    ).toBe(0);
    const v3 = llmVerdicts(await readReportFile(out3));
    expect(v3.every((v) => v.status === "satisfied" && v.confidence === 2 / 3)).toBe(true);
    expect(v3[0]!.votes).toEqual(["satisfied", "unsatisfied", "satisfied"]);
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    fake.addRules(seq(["satisfied", "unsatisfied"]));
    const out2 = join(await tempDir(), "v2");
    expect(
      (
        await devjudgeInProcess(
          ["run", "--judge", "llm", "--votes", "2", "--concurrency", "1", "--output", out2, ...one],
          {
            env: env(),
          },
        )
      ).code,
    ).toBe(0);
    expect(
      llmVerdicts(await readReportFile(out2)).every(
        (v) => v.status === "undecided" && v.reason.startsWith("votes tied"),
      ),
    ).toBe(true);
  });

  it("a verdict that does not fit the schema is asked again; one that never fits is an error with the cause, never unsatisfied", async () => {
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    fake.addRules({
      name: "bad",
      match: (c) => !!c.body.response_format,
      reply: { json: { status: "probably", reason: "?", evidence: [] } },
      times: 2,
    });
    const out = join(await tempDir(), "r");
    const r = await devjudgeInProcess(
      ["run", "--judge", "llm", "--concurrency", "1", "--no-cache", "--output", out, ...wordfreq],
      { env: env() },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        String.raw`retry ace/py-wordfreq-cli #1 in [\d.]+s: the model's verdict does not fit the schema:` +
          String.raw` /status must be equal to one of the allowed values`,
      ),
    );
    expect(llmVerdicts(await readReportFile(out)).every((v) => v.status !== "error")).toBe(true);

    fake.reset();
    fake.addRules({ name: "bad", match: (c) => !!c.body.response_format, reply: { json: { verdict: "yes" } } });
    fake.addRules(...withUsage(scriptedJudgeRules()).filter((x) => x.name === "summary"));
    const out2 = join(await tempDir(), "r2");
    // every verdict an error: the run is incomplete, exit 3
    expect(
      (
        await devjudgeInProcess(
          ["run", "--judge", "llm", "--retries", "1", "--no-cache", "--output", out2, ...wordfreq],
          {
            env: env(),
          },
        )
      ).code,
    ).toBe(3);
    const failed = llmVerdicts(await readReportFile(out2));
    expect(
      failed.every(
        (v) =>
          v.status === "error" && /gave up after 2 tries: the model's verdict does not fit the schema/.test(v.reason),
      ),
    ).toBe(true);
  });

  it("devjudge ask answers a free question with the tools", async () => {
    fake.reset();
    fake.addRules(...withUsage(scriptedJudgeRules()));
    const r = await devjudgeInProcess(
      [
        "ask",
        "seeds/workspaces/ace/py-wordfreq-cli",
        "Where is `wordfreq/counter.py` and what does it define?",
        "--json",
      ],
      { env: env() },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.toolCalls).toEqual([
      { name: "locate", args: {} },
      { name: "read", args: { path: "wordfreq/counter.py" } },
    ]);
    expect(out.answer).toBe("I have seen enough.");
    expect(out.usage).toMatchObject({ calls: 3, inputTokens: 300, outputTokens: 30 });
    const readResult = fake.chatCalls.at(-1)!.body.messages!.find((m) => m.role === "tool" && m.name === "read")!;
    expect(String(readResult.content)).toContain("def count_words(");
  });

  it("without an API key an LLM judge is refused with exit 2, naming OPENAI_API_KEY", async () => {
    const r = await devjudge(["run", "--judge", "agent", "--output", join(await tempDir(), "x")], {
      env: { OPENAI_API_KEY: "" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no model endpoint is configured for the LLM judges: set OPENAI_API_KEY");
  });
});

describe.skipIf(skipDevai)(
  `agent judge on the real OpenHands workspace and trajectory (${skipDevai ? SKIP_DEVAI : "gray-box"})`,
  () => {
    const TASK = "39_Drug_Response_Prediction_SVM_GDSC_ML";
    for (const workflow of ["pipeline", "agentic"] as const) {
      it(`${workflow}: the tools read the real files and the trace is summarised once`, async () => {
        const dir = await tempDir();
        expect((await devjudgeInProcess(["import", "devai", devai(), "--out", join(dir, "suite")])).code).toBe(0);
        const config = join(dir, "devjudge.yaml");
        await import("node:fs/promises").then((fs) =>
          fs.writeFile(
            config,
            `suites: [suite/${TASK}.yaml]\ncandidates:\n  - { name: OpenHands, kind: dir, path: ` +
              `"${devai()}/workspaces/OpenHands/{task}", trajectory: ` +
              `"${devai()}/trajectories/OpenHands/{task}.json" }\n`,
          ),
        );
        fake.reset();
        fake.addRules(...withUsage(scriptedJudgeRules()));
        const r = await devjudgeInProcess(
          [
            "run",
            "--config",
            config,
            "--judge",
            "agent",
            "--workflow",
            workflow,
            "--no-cache",
            "--output",
            join(dir, "run"),
          ],
          { env: env() },
        );
        expect(r.code).toBe(0);
        const report = await readReportFile(join(dir, "run"));
        const judged = llmVerdicts(report);
        expect(judged).toHaveLength(10); // 7 requirements + 3 preferences
        const cited = judged.flatMap((v) =>
          v.evidence.filter((e) => e.kind === "file").map((e) => (e.kind === "file" ? e.path : "")),
        );
        expect(cited.length).toBeGreaterThanOrEqual(7);
        for (const path of cited) await readFile(join(devai(), "workspaces/OpenHands", TASK, path)); // each exists
        expect(fake.chatCalls.filter((c) => c.matchedBy === "summary")).toHaveLength(workflow === "pipeline" ? 1 : 0);
        const model = judged.find((v) => v.id === 2)!;
        expect(model.reason).toMatch(/^scripted judge: src\/model\.py line \d+ reads/);
        if (workflow === "agentic") {
          const reads = fake.chatCalls.flatMap((c) =>
            (c.body.messages ?? []).filter((m) => m.role === "tool" && m.name === "read").map((m) => String(m.content)),
          );
          expect(reads.some((t) => t.includes("from sklearn.svm import SVR"))).toBe(true);
          expect(reads.some((t) => t.includes("PDF, 2 page(s) of text"))).toBe(true);
        }
        const calls = fake.chatCalls.length;
        expect(report.candidates[0]!.metrics.usage).toMatchObject({
          calls,
          inputTokens: 100 * calls,
          outputTokens: 10 * calls,
        });
      });
    }
  },
);

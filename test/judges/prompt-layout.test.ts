// The verdict prompts' layout for providers' prefix caches: most shared first, and the same
// prompt for a requirement whatever order the requirements are judged in.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AgentJudge } from "../../judges/agent/index.js";
import { LlmJudge } from "../../judges/llm/index.js";
import type { Judge, JudgeItem, TaskContext } from "../../judges/types.js";
import { resolveConfig } from "../../harness/config/load-config.js";
import { importDevai, writeTaskFiles } from "../../harness/devai/import-devai.js";
import { LlmClient } from "../../harness/llm/client.js";
import { loadSuite } from "../../harness/tasks/load-suite.js";
import type { Task } from "../../harness/tasks/types.js";
import { readTrace } from "../../harness/trace/read-trace.js";
import { createMemo } from "../../harness/util/memo.js";
import { prefixText } from "../helpers/fake-openai/prefix-cache.js";
import type { FakeOpenAI, RecordedCall } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";
import { devai, repoRoot, skipDevai, tempDir } from "../helpers/paths.js";
import { scriptedJudgeRules } from "../helpers/scripted-judge.js";

let fake: FakeOpenAI;
useFakeOpenAI((s) => ({ fake } = s));

function judgeFor(kind: "agent" | "agentic" | "llm"): Judge {
  const config = resolveConfig(
    {
      suites: [],
      candidates: [],
      judge: {
        name: kind === "llm" ? "llm" : "agent",
        workflow: kind === "agentic" ? "agentic" : "pipeline",
        model: "gpt-4o",
        static_first: false,
      },
    },
    repoRoot,
  );
  const llm = new LlmClient(
    config.judge,
    { apiKey: "sk-test", baseURL: fake.baseURL },
    { max: 0, baseDelayMs: 1, maxDelayMs: 1 },
  );
  return kind === "llm" ? new LlmJudge(llm, config.judge) : new AgentJudge(llm, config.judge);
}

const items = (task: Task): JudgeItem[] => [
  ...task.requirements.map((item) => ({ kind: "requirement" as const, item })),
  ...task.preferences.map((item) => ({ kind: "preference" as const, item })),
];

/**
 * Judges every item of the task one after the other, in the given order, in a fresh task context;
 * returns the verdict requests by item.
 */
async function verdictPrompts(
  judge: Judge,
  task: Task,
  workspace: string,
  traceFile: string,
  order: JudgeItem[],
): Promise<Map<string, RecordedCall>> {
  fake.reset();
  fake.addRules(...scriptedJudgeRules());
  const memo = createMemo();
  const ctx: TaskContext = {
    task,
    candidate: "c",
    workspace,
    trace: await readTrace(traceFile),
    signal: new AbortController().signal,
    memo,
  };
  const byItem = new Map<string, RecordedCall>();
  for (const it of order) {
    const before = fake.chatCalls.length;
    const v = await judge.judge(it, ctx);
    expect(v.status).not.toBe("error");
    const verdictCall = fake.chatCalls
      .slice(before)
      .reverse()
      .find((c) => c.matchedBy === "verdict")!;
    byItem.set(`${it.kind}:${it.item.id}`, verdictCall);
  }
  memo.dispose();
  return byItem;
}

/**
 * Of the prompt tokens of each verdict call after the first, the share in a prefix identical to the
 * previous call's.
 */
function sharedPrefixShare(calls: RecordedCall[]): number {
  let shared = 0;
  let total = 0;
  for (let i = 1; i < calls.length; i++) {
    const [a, b] = [prefixText(calls[i - 1]!.body), prefixText(calls[i]!.body)];
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    shared += n;
    total += b.length;
  }
  return shared / total;
}

describe("prompt layout for prefix caching", () => {
  const demo = async () => (await loadSuite(join(repoRoot, "tasks/demo/py-wordfreq-cli.yaml"))).suite.tasks[0]!;
  const ws = join(repoRoot, "seeds/workspaces/ace/py-wordfreq-cli");
  const trace = join(repoRoot, "seeds/trajectories/ace/py-wordfreq-cli.json");

  for (const kind of ["agent", "agentic", "llm"] as const) {
    it(
      `${kind}: system prompt, then what the task shares, then the requirement; the same prompt in any ` + `order`,
      async () => {
        const task = await demo();
        const judge = judgeFor(kind);
        const forward = await verdictPrompts(judge, task, ws, trace, items(task));
        const backward = await verdictPrompts(judge, task, ws, trace, items(task).reverse());
        // the same request for each item (so the same cache keys), whichever came first
        // (tool-call ids are the model's, numbered by the fake server in arrival order: not devjudge's input)
        const body = (c: RecordedCall) => JSON.stringify(c.body).replace(/call_[A-Za-z0-9]{24}/g, "call_…");
        for (const [key, call] of forward) expect(body(backward.get(key)!)).toBe(body(call));
        const calls = [...forward.values()];
        const firstTwo = calls.map((c) => c.body.messages!.slice(0, 2));
        // the system prompt and the task's shared message are the same in every verdict call
        for (const m of firstTwo) expect(m).toEqual(firstTwo[0]);
        const shared = JSON.stringify(firstTwo[0]);
        expect(shared).toContain("workspace tree");
        for (const it of task.requirements) expect(shared).not.toContain(it.criteria);
        if (kind !== "agentic") expect(shared).toContain("trace summary");
      },
    );
  }

  it("pipeline: the files most requirements read are in the shared part, once, and not again per requirement", async () => {
    const task = await demo();
    const calls = [...(await verdictPrompts(judgeFor("agent"), task, ws, trace, items(task))).values()];
    const shared = JSON.stringify(calls[0]!.body.messages![1]);
    expect(shared).toContain("Files most requirements of this task are about");
    const sharedFiles = [...shared.matchAll(/<<<UNTRUSTED [0-9a-f]{12} file (\S+)>>>/g)].map((m) => m[1]!);
    expect(sharedFiles.length).toBeGreaterThan(0);
    for (const c of calls) {
      const own = JSON.stringify(c.body.messages![2]);
      for (const f of sharedFiles) expect(own).not.toContain(`file ${f}>>>`);
    }
  });

  it.skipIf(skipDevai)(
    "pipeline on the real OpenHands task-39 workspace: at least 70% of each verdict prompt repeats the previous " +
      "one's " +
      "prefix",
    async () => {
      const TASK = "39_Drug_Response_Prediction_SVM_GDSC_ML";
      const dir = await tempDir();
      const { tasks } = await importDevai(devai());
      await mkdir(join(dir, "suite"));
      await writeTaskFiles(
        tasks.filter((t) => t.id === TASK),
        join(dir, "suite"),
      );
      const task = (await loadSuite(join(dir, "suite"))).suite.tasks[0]!;
      const calls = [
        ...(
          await verdictPrompts(
            judgeFor("agent"),
            task,
            join(devai(), "workspaces/OpenHands", TASK),
            join(devai(), "trajectories/OpenHands", `${TASK}.json`),
            items(task),
          )
        ).values(),
      ];
      const share = sharedPrefixShare(calls);
      console.log(`task 39: shared prefix share ${share.toFixed(3)} over ${calls.length} verdict calls`);
      expect(share).toBeGreaterThanOrEqual(0.7);
    },
  );
});

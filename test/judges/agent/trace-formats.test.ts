import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrace } from "../../../harness/trace/read-trace.js";
import { compressTrace, stepText, traceIndex } from "../../../judges/agent/tools/trace.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import type { FakeOpenAI } from "../../helpers/fake-openai/server.js";
import { isStructuredOutputRequest, messageText } from "../../helpers/fake-openai/match.js";
import { useFakeOpenAI } from "../../helpers/fake-openai/use.js";
import { SKIP_TRACES, sharedTraces, tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";
import { scriptedJudgeRules } from "../../helpers/scripted-judge.js";
import { makeWorkspace } from "../../helpers/workspace.js";

/** One real transcript per format, with a word its tool calls are about. */
const ONE_PER_FORMAT: [string, string][] = [
  ["claude-code/headless_hello-world-script.jsonl", "hello.sh"],
  ["claude-stream-json/single_events_cli_2.1.4", "ls -la"],
  ["codex-exec-json/exec_json_stream-output-4.jsonl", "test.js"],
  ["openhands/trajectory_wrong_initial_state.json", "2048.py"],
  ["openhands-v1/cli_events_confirmation_mode", "hello world"],
  ["swe-agent/v0_gpt4__swe-agent__test-repo-i1.traj", "missing_colon.py"],
  ["mini-swe-agent/django__django-14752.deepseek-chat.Submitted.traj.json", "autocomplete"],
  ["aider/aider-repo_fixture_session_2024-08-09_1932.chat.history.md", "commit_before_message"],
  ["inspect-ai/2025-05-12T20-27-36-04-00_browser.json", "aisi.gov.uk"],
  ["devai/OpenHands__39_Drug_Response_Prediction_SVM_GDSC_ML.json", "svm"],
];

describe.skipIf(!sharedTraces)(
  `the agent judge's trace tools on every format${sharedTraces ? "" : ` (${SKIP_TRACES})`}`,
  () => {
    for (const [rel, word] of ONE_PER_FORMAT) {
      it(
        `${rel.split("/")[0]}: the trace search finds the steps about "${word}", ` +
          `with their calls and results; the summary input shows every step`,
        async () => {
          const t = await readTrace(join(sharedTraces!, rel));
          const hits = traceIndex(t).relevant(word, 3);
          const about = hits.filter((s) => stepText(s).toLowerCase().includes(word.toLowerCase()));
          expect(about.length).toBeGreaterThan(0);
          const withCall = t.steps.find(
            (s) => s.toolCalls.length && s.observations.some((o) => o.toolCallId === s.toolCalls[0]!.id),
          )!;
          const text = stepText(withCall, 100_000);
          // a structured call shows as `call <name>: <args>` with its result under it; a free-text DevAI action
          // verbatim
          expect(text).toContain(
            t.format === "devai" ? `action: ${withCall.action}` : `call ${withCall.toolCalls[0]!.name}: `,
          );
          expect(text).toContain(withCall.observations[0]!.text.slice(0, 40));
          const compressed = compressTrace(t);
          expect(compressed).toContain(`[step ${t.steps[0]!.index}]`);
          expect(compressed).toContain(`[step ${t.steps.at(-1)!.index}]`);
        },
      );
    }
  },
);

let fake: FakeOpenAI;
useFakeOpenAI((s) => ({ fake } = s));

describe.skipIf(!sharedTraces)("gray-box judging of a native transcript", () => {
  it("the agent judge summarises a Claude Code transcript, shows the steps about a requirement, and a cited step carries that step's text", async () => {
    // the scripted judge's summary rule, and a verdict that cites the first trace step shown to it
    const summary = scriptedJudgeRules().find((r) => r.name === "summary")!;
    fake.addRules(summary, {
      name: "verdict citing a step",
      match: (c) => isStructuredOutputRequest(c),
      reply: (c) => {
        const text = (c.body.messages ?? []).map(messageText).join("\n");
        const at = Math.max(
          text.indexOf("Trace steps most requirements"),
          text.indexOf("Other trace steps about this requirement"),
        );
        const step = Number(/\[step (\d+)\]/.exec(text.slice(at))?.[1] ?? -1);
        return {
          json: {
            status: "satisfied",
            reason: "the trace shows the script written and run",
            evidence: [
              { path: null, start_line: null, end_line: null, step, quote: null },
              { path: null, start_line: null, end_line: null, step: 999, quote: null },
            ],
          },
        };
      },
    });
    const ws = await makeWorkspace({ "hello.sh": '#!/bin/bash\necho "Hello world"\n' });
    const dir = await tempDir();
    await writeSuite(dir, {
      t: "requirements:\n  - { id: 0, criteria: hello.sh prints Hello world when run, category: x }\n",
    });
    await writeConfig(
      dir,
      `suites: [suite]\njudge: { name: agent, workflow: pipeline, static_first: false }\ncandidates:\n  - { name: ` +
        `claude, kind: dir, path: "${ws}", trajectory: ` +
        `"${join(sharedTraces!, "claude-code/headless_hello-world-script.jsonl")}" }\n`,
    );
    const r = await devjudgeInProcess(["run", "--no-cache", "--output", "out"], {
      cwd: dir,
      env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL },
    });
    expect(r.code).toBe(0);
    const prompts = fake.chatCalls.map((c) => (c.body.messages ?? []).map(messageText).join("\n"));
    const summaryPrompt = prompts.find((p) => /summarise a coding agent's execution trace/i.test(p))!;
    // the summary sees the agent's own tool calls and their results
    expect(summaryPrompt).toContain('call Write: {"file_path":"/tmp/tmp74wiyiny/hello.sh"');
    expect(summaryPrompt).toContain("result: File created successfully at: /tmp/tmp74wiyiny/hello.sh");
    expect(summaryPrompt).toContain("call Bash: ");
    // the shared-first layout: steps most requirements are about come with the task, the others after the requirement
    const verdictPrompt = prompts.find(
      (p) =>
        p.includes("Trace steps most requirements of this task are about") ||
        p.includes("Other trace steps about this requirement"),
    )!;
    expect(verdictPrompt).toMatch(/\[step \d+\]\n/);
    const v = (await readReportFile(join(dir, "out"))).candidates[0]!.tasks[0]!.requirements[0]!;
    expect(v.status).toBe("satisfied");
    expect(v.evidence[0]).toMatchObject({ kind: "trace", excerpt: expect.stringMatching(/^\[step \d+\]\n/) });
    expect(v.evidence[1]).toEqual({ kind: "note", text: "cited trace step 999, which is not in the trace" });
  });
});

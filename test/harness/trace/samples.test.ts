import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrace } from "../../../harness/trace/read-trace.js";
import type { Trace } from "../../../harness/trace/types.js";
import { SKIP_TRACES, sharedTraces } from "../../helpers/paths.js";

/**
 * Every real transcript in ../shared/traces (provenance in its SOURCES.md), read with its format
 * detected from the content. The counts and fields below were checked against the files with jq:
 * steps = distinct model responses, calls = tool calls, joined = results whose call id matches a
 * call of the same step.
 */
interface Expect {
  format: string;
  steps: number;
  calls: number;
  observations: number;
  joined: number;
  status: Trace["final"]["status"];
  model?: string;
  check?: (t: Trace) => void;
}

const joined = (t: Trace) =>
  t.steps.reduce(
    (n, s) =>
      n +
      s.observations.filter((o) => o.toolCallId !== undefined && s.toolCalls.some((c) => c.id === o.toolCallId)).length,
    0,
  );
const calls = (t: Trace) => t.steps.flatMap((s) => s.toolCalls);

const SAMPLES: Record<string, Expect> = {
  // Claude Code session transcripts: one step per message.id (a response is split over several lines)
  "claude-code/headless_hello-world-script.jsonl": {
    format: "claude-code",
    steps: 4,
    calls: 2,
    observations: 2,
    joined: 2,
    status: "finished",
    model: "claude-opus-4-5-20251101",
    check: (t) => {
      expect(calls(t).map((c) => [c.id, c.name])).toEqual([
        ["toolu_01R3SZZYuAq6mou5RqHE4rzF", "Write"],
        ["toolu_01GNvoSEyj9jAsgFtJBduDPp", "Bash"],
      ]);
      expect(t.steps.flatMap((s) => s.edits ?? []).map((e) => e.path)).toEqual(["/tmp/tmp74wiyiny/hello.sh"]);
      // input = input + cache creation + cache read tokens of the 4 responses, each counted once
      expect(t.totals).toMatchObject({
        inputTokens: 74578,
        cachedTokens: 15289 + 18700 + 18585 + 18462,
        costKnown: false,
      });
      expect(t.task).toMatch(/^Write a shell script called hello\.sh/);
    },
  },
  "claude-code/headless_coverage-test-fix.jsonl": {
    format: "claude-code",
    steps: 14,
    calls: 13,
    observations: 13,
    joined: 13,
    status: "finished",
    check: (t) => expect(calls(t)[0]).toMatchObject({ name: "Glob", args: { pattern: "**/*.py" } }),
  },
  "claude-code/headless_python-to-rust-port.jsonl": {
    format: "claude-code",
    steps: 39,
    calls: 39,
    observations: 39,
    joined: 39,
    status: "finished",
    check: (t) => expect(calls(t)[0]!.name).toBe("Task"),
  },
  "claude-code/session_short_55604662.jsonl": {
    format: "claude-code",
    steps: 1,
    calls: 2,
    observations: 2,
    joined: 2,
    status: "crashed",
    model: "claude-opus-4-6",
    check: (t) => {
      expect(t.final.error).toBe("[Request interrupted by user for tool use]");
      expect(t.steps[0]!.observations[0]).toMatchObject({
        toolCallId: "toolu_0116Hyi5v8ut7Ffb7d8qV1Sc",
        isError: true,
      });
    },
  },
  "claude-code/session_tool_heavy_d6e0bada.jsonl": {
    format: "claude-code",
    steps: 4,
    calls: 6,
    observations: 6,
    joined: 6,
    status: "crashed",
    check: (t) => expect(calls(t)[0]).toMatchObject({ name: "Bash", args: { command: "mix phx.server" } }),
  },
  "claude-code/session_with_task_subagent_491e126e.jsonl": {
    // 12 responses and 16 calls of the main agent, plus the Task sub-agent's 5 responses and 9 calls from its
    // agent_progress lines
    format: "claude-code",
    steps: 17,
    calls: 25,
    observations: 25,
    joined: 25,
    status: "finished",
    check: (t) => {
      const sub = t.steps.filter((s) => s.agentName);
      expect(sub).toHaveLength(5);
      expect(sub.every((s) => s.agentName!.startsWith("sub-agent "))).toBe(true);
      expect(sub.flatMap((s) => s.toolCalls)).toHaveLength(9);
    },
  },
  "claude-code/subagent_sidechain_agent-aac57f5.jsonl": {
    format: "claude-code",
    steps: 3,
    calls: 12,
    observations: 12,
    joined: 12,
    status: "finished",
    model: "claude-sonnet-4-5-20250929",
    check: (t) => expect(calls(t)[0]!.name).toBe("WebSearch"),
  },
  "claude-code/subagent_compaction_agent-acompact-e1f845.jsonl": {
    format: "claude-code",
    steps: 1,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    check: (t) => expect(t.final.answer).toContain("<analysis>"),
  },
  "claude-code/entire-checkpoint_68e0ff0d6706_full.jsonl": {
    format: "claude-code",
    steps: 5,
    calls: 5,
    observations: 5,
    joined: 5,
    status: "finished",
    model: "claude-opus-4-6",
  },
  "claude-code/entire-checkpoint_2014bbff865d_full.jsonl": {
    format: "claude-code",
    steps: 12,
    calls: 15,
    observations: 15,
    joined: 15,
    status: "finished",
    model: "claude-sonnet-4-5-20250929",
    check: (t) => expect(t.steps.flatMap((s) => s.edits ?? [])).toHaveLength(3),
  },
  // claude -p --output-format stream-json: totals, cost and duration from the result event
  "claude-stream-json/golden_basic_query.ndjson": {
    format: "claude-stream-json",
    steps: 1,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    model: "claude-opus-4-5-20251101",
    check: (t) => {
      expect(t.totals).toMatchObject({ cost: 0.1354875, costKnown: true, durationS: 2.36, outputTokens: 25 });
      expect(t.final.answer).toBe("4");
    },
  },
  "claude-stream-json/single_events_cli_2.1.4": {
    // a folder of four single events from one run: init, assistant tool_use, user tool_result, result
    format: "claude-stream-json",
    steps: 1,
    calls: 1,
    observations: 1,
    joined: 1,
    status: "finished",
    check: (t) => {
      expect(calls(t)[0]).toEqual({
        id: "toolu_01BeipFBP3sUY3EAwVg3qQnE",
        name: "Bash",
        args: { command: "ls -la", description: "List files in current directory" },
      });
      expect(t.totals).toMatchObject({ cost: 0.24722425, durationS: 8.722 });
    },
  },
  "claude-stream-json/single_events_cli_2.1.4/assistant_message.json": {
    format: "claude-stream-json",
    steps: 1,
    calls: 1,
    observations: 0,
    joined: 0,
    status: "unknown",
  },
  "claude-stream-json/single_events_cli_2.1.4/user_message.json": {
    format: "claude-stream-json",
    steps: 1,
    calls: 0,
    observations: 1,
    joined: 0,
    status: "unknown",
    check: (t) => expect(t.steps[0]!.observations[0]!.toolCallId).toBe("toolu_01BeipFBP3sUY3EAwVg3qQnE"),
  },
  "claude-stream-json/single_events_cli_2.1.4/system_message.json": {
    format: "claude-stream-json",
    steps: 0,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "unknown",
    model: "claude-opus-4-5-20251101",
  },
  "claude-stream-json/single_events_cli_2.1.4/result_success.json": {
    format: "claude-stream-json",
    steps: 0,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    check: (t) => expect(t.final.answer).toBe("Here are the files in the current directory."),
  },
  // Codex
  "codex-rollout/modern_rollout_codex-exec-0.135.0_REDACTED.jsonl": {
    format: "codex-rollout",
    steps: 1,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    model: "gpt-5.5",
    check: (t) => {
      expect(t.steps[0]!.usage).toMatchObject({ inputTokens: 22539, cachedTokens: 20864, outputTokens: 10 });
      expect(t.task).toBe("[REDACTED_PROMPT]");
      expect(t.totals.durationS).toBeCloseTo(6.06, 2);
    },
  },
  "codex-exec-json/exec_json_stream-output-2.jsonl": {
    format: "codex-exec-json",
    steps: 2,
    calls: 1,
    observations: 1,
    joined: 1,
    status: "finished",
    check: (t) => {
      expect(calls(t)[0]).toEqual({ id: "item_1", name: "shell", args: { command: "bash -lc ls" } });
      expect(t.steps[0]!.observations[0]).toMatchObject({ exitCode: 0, isError: false });
      expect(t.totals).toMatchObject({ inputTokens: 6040, cachedTokens: 4992, outputTokens: 129 });
    },
  },
  "codex-exec-json/exec_json_stream-output-3.jsonl": {
    format: "codex-exec-json",
    steps: 2,
    calls: 1,
    observations: 1,
    joined: 1,
    status: "finished",
    check: (t) =>
      expect(t.steps[0]!.edits).toEqual([{ path: "/private/tmp/codex-research-test/hello.txt", kind: "create" }]),
  },
  "codex-exec-json/exec_json_stream-output-4.jsonl": {
    format: "codex-exec-json",
    steps: 2,
    calls: 1,
    observations: 1,
    joined: 1,
    status: "finished",
    check: (t) => expect(t.steps[0]!.observations[0]!.text).toBe("console.log('Hello World');\n"),
  },
  "codex-exec-json/exec_json_stream-output-5.jsonl": {
    format: "codex-exec-json",
    steps: 2,
    calls: 1,
    observations: 1,
    joined: 1,
    status: "finished",
    check: (t) => expect(t.final.answer).toMatch(/^Found 1 text file/),
  },
  "codex-exec-json/exec_json_stream-output-multi-1_truncated.jsonl": {
    format: "codex-exec-json",
    steps: 0,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "crashed",
    check: (t) => expect(t.final.error).toMatch(/no turn\.completed/),
  },
  // OpenHands V0
  "openhands/trajectory_basic.json": {
    format: "openhands",
    steps: 2,
    calls: 2,
    observations: 1,
    joined: 1,
    status: "finished",
    model: "claude-3-5-sonnet-20241022",
    check: (t) => expect(calls(t).map((c) => c.name)).toEqual(["str_replace_editor", "finish"]),
  },
  "openhands/trajectory_wrong_initial_state.json": {
    format: "openhands",
    steps: 4,
    calls: 4,
    observations: 3,
    joined: 3,
    status: "finished",
    check: (t) => expect(t.task).toBe("Please rename game_2048.py to 2048.py"),
  },
  "openhands/trajectory_basic_interactions.json": {
    format: "openhands",
    steps: 3,
    calls: 1,
    observations: 0,
    joined: 0,
    status: "finished",
    model: "gpt-4o-2024-08-06",
    check: (t) => expect(t.task).toBe("what's 1+1?"),
  },
  "openhands/multi_swe_bench_output.jsonl#ponylang__ponyc-4595": {
    format: "openhands",
    steps: 23,
    calls: 23,
    observations: 22,
    joined: 22,
    status: "finished",
    model: "meta-llama/llama-4-maverick",
    check: (t) => {
      expect(t.final.patch).toMatch(/^diff --git a\/src\/libponyc\/ast\/parser\.c/);
      expect(t.totals).toMatchObject({ inputTokens: 565158, outputTokens: 2558 });
      expect(calls(t)[0]).toMatchObject({ id: "toolu_01", name: "execute_bash" });
    },
  },
  "openhands/multi_swe_bench_output.jsonl#ponylang__ponyc-4593": {
    format: "openhands",
    steps: 33,
    calls: 33,
    observations: 33,
    joined: 32,
    status: "finished",
  },
  "openhands/multi_swe_bench_output.jsonl#ponylang__ponyc-4588": {
    format: "openhands",
    steps: 49,
    calls: 49,
    observations: 50,
    joined: 49,
    status: "limit",
    check: (t) => expect(t.final.error).toMatch(/^RuntimeError: Agent reached maximum iteration/),
  },
  "openhands/resolver_output.jsonl#5": {
    format: "openhands",
    steps: 4,
    calls: 4,
    observations: 3,
    joined: 3,
    status: "finished",
    check: (t) => {
      expect(t.totals).toMatchObject({ cost: 0.070713, costKnown: true });
      expect(calls(t)[0]).toMatchObject({ name: "run", args: { command: "touch LICENSE" } });
    },
  },
  "openhands/resolver_output.jsonl#1": {
    format: "openhands",
    steps: 22,
    calls: 22,
    observations: 21,
    joined: 21,
    status: "finished",
    check: (t) => expect(t.totals.cost).toBe(1.152933),
  },
  // OpenHands V1
  "openhands-v1/cli_events_confirmation_mode": {
    format: "openhands-v1",
    steps: 6,
    calls: 3,
    observations: 3,
    joined: 3,
    status: "finished",
    check: (t) => {
      expect(calls(t)[0]).toMatchObject({
        id: "toolu_011nE8ngg1zdtz219BuyjkWJ",
        name: "terminal",
        args: { command: "echo hello world" },
      });
      expect(t.steps[0]!.observations[0]).toMatchObject({ text: "hello world", exitCode: 0, isError: false });
      expect(t.task).toBe("echo hello world");
    },
  },
  "openhands-v1/cli_events_cli447_hi_followup_iterative_case_a": {
    format: "openhands-v1",
    steps: 6,
    calls: 3,
    observations: 3,
    joined: 3,
    status: "finished",
    check: (t) => expect(calls(t).map((c) => c.name)).toEqual(["file_editor", "terminal", "finish"]),
  },
  "openhands-v1/sdk_goal_pr_review_events.jsonl": {
    // one observation answers a call whose ActionEvent is not in the fixture: kept, not joined
    format: "openhands-v1",
    steps: 2,
    calls: 2,
    observations: 3,
    joined: 2,
    status: "unknown",
    model: "litellm_proxy/minimax-m2.7",
    check: (t) => {
      expect(t.steps[0]!.observations[0]).toMatchObject({ isError: true });
      expect(t.totals.inputTokens).toBe(71563);
    },
  },
  // SWE-agent: no timestamps, usage only as totals
  "swe-agent/v0_gpt4__pydicom__pydicom-1458.traj": {
    format: "swe-agent",
    steps: 12,
    calls: 12,
    observations: 12,
    joined: 12,
    status: "finished",
    check: (t) => {
      expect(calls(t)[0]).toMatchObject({ name: "create", args: "reproduce_bug.py" });
      expect(t.totals).toMatchObject({ inputTokens: 122612, outputTokens: 1369, cost: 1.26719 });
    },
  },
  "swe-agent/v0_gpt4__swe-agent__test-repo-i1.traj": {
    format: "swe-agent",
    steps: 5,
    calls: 5,
    observations: 5,
    joined: 5,
    status: "finished",
    check: (t) => expect(t.final.patch).toContain("diff --git a/tests/missing_colon.py"),
  },
  "swe-agent/v1_function_calling__sweagenttestrepo-1c2844.traj": {
    format: "swe-agent",
    steps: 5,
    calls: 5,
    observations: 5,
    joined: 5,
    status: "finished",
    model: "gpt-4o",
    check: (t) => expect(t.totals.cost).toBeCloseTo(0.01952, 6),
  },
  "swe-agent/v1_demo_replay__marshmallow-code__marshmallow-1867.traj": {
    format: "swe-agent",
    steps: 11,
    calls: 11,
    observations: 11,
    joined: 11,
    status: "finished",
    model: "gpt-4o",
    check: (t) =>
      expect(calls(t)[0]).toMatchObject({
        id: "call_cyI71DYnRdoLHWwtZgIaW2wr",
        name: "create",
        args: { filename: "reproduce.py" },
      }),
  },
  // mini-swe-agent
  "mini-swe-agent/django__django-14752.deepseek-chat.Submitted.traj.json": {
    format: "mini-swe-agent",
    steps: 31,
    calls: 31,
    observations: 30,
    joined: 30,
    status: "finished",
    model: "deepseek/deepseek-chat",
    check: (t) => {
      expect(calls(t)[0]!.id).toBe("call_00_9ZSwNwRjFxvwMIvlqQPpvOuX");
      expect(t.steps[0]!.usage).toMatchObject({
        inputTokens: 1995,
        outputTokens: 93,
        cachedTokens: 320,
        cost: 0.0005170200000000001,
      });
      expect(t.totals.cost).toBe(0.013638016);
    },
  },
  "mini-swe-agent/astropy__astropy-12907.mini-2.3.0.Submitted.traj.json": {
    format: "mini-swe-agent",
    steps: 64,
    calls: 64,
    observations: 63,
    joined: 63,
    status: "finished",
  },
  "mini-swe-agent/sqlfluff__sqlfluff-2419.deepseek-chat.Submitted.traj.json": {
    format: "mini-swe-agent",
    steps: 43,
    calls: 43,
    observations: 42,
    joined: 42,
    status: "finished",
  },
  "mini-swe-agent/pvlib__pvlib-python-1606.deepseek-reasoner.InternalServerError.traj.json": {
    format: "mini-swe-agent",
    steps: 4,
    calls: 4,
    observations: 4,
    joined: 4,
    status: "crashed",
    check: (t) => expect(t.final.error).toMatch(/^InternalServerError/),
  },
  "mini-swe-agent/pylint-dev__astroid-1978.deepseek-reasoner.Timeout.traj.json": {
    format: "mini-swe-agent",
    steps: 0,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "crashed",
    check: (t) => expect(t.final.error).toMatch(/^Timeout: litellm\.Timeout/),
  },
  // Aider
  "aider/aider-repo_fixture_session_2024-08-09_1932.chat.history.md": {
    format: "aider",
    steps: 23,
    calls: 25,
    observations: 30,
    joined: 30,
    status: "unknown",
    model: "claude-3-5-sonnet-20240620",
    check: (t) => {
      expect(calls(t)[0]).toMatchObject({ name: "edit", args: { path: "aider/coders/base_coder.py" } });
      // 10 "> Tokens:" lines, e.g. "13,749 sent, 618 received. Cost: $0.05 request"
      expect(t.totals).toMatchObject({ inputTokens: 175423, outputTokens: 3901, costKnown: true });
      expect(t.totals.cost).toBeCloseTo(0.59, 6);
    },
  },
  "aider/aider-repo_fixture_sessions_2024-08-06.chat.history.md": {
    format: "aider",
    steps: 44,
    calls: 65,
    observations: 66,
    joined: 66,
    status: "finished",
    check: (t) => expect(t.task).toBe("Add tests for `subtree_only`."),
  },
  "aider/mozgoslav.aider.chat.history.md": {
    format: "aider",
    steps: 21,
    calls: 3,
    observations: 5,
    joined: 5,
    status: "finished",
    check: (t) => {
      // timestamps from the .aider.input.history beside it: "+hi" at 2026-04-22 22:40:32.087712
      expect(t.steps[0]).toMatchObject({ userMessage: "hi", startedAt: "2026-04-22T22:40:32.087712" });
      expect(t.steps.flatMap((s) => s.errors ?? [])[0]).toMatch(/AuthenticationError/);
    },
  },
  // Inspect AI: a trace is one sample
  "inspect-ai/2025-05-12T20-27-36-04-00_browser.json": {
    format: "inspect-ai",
    steps: 5,
    calls: 4,
    observations: 4,
    joined: 4,
    status: "finished",
    model: "openai/gpt-4o-mini",
    check: (t) => {
      expect(calls(t).map((c) => [c.id, c.name])).toEqual([
        ["call_35FTpd6shR9efioDgeEBZ33s", "web_browser_go"],
        ["call_O6fzXOPUvPtYflWdOH94RTWy", "web_browser_click"],
        ["call_53eNweGanOHt6jGWAo2UuNCG", "web_browser_click"],
        ["call_C0cGhnh5y5RCIBs9vTJCLgxW", "web_browser_click"],
      ]);
      expect(t.totals).toMatchObject({ inputTokens: 15235, outputTokens: 281, cachedTokens: 9088, durationS: 18.517 });
    },
  },
  "inspect-ai/log_read_sample_popularity.eval": {
    format: "inspect-ai",
    steps: 1,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    model: "ollama/gemma3",
    check: (t) => expect(t.final.answer).toBe("Yes\n"),
  },
  "inspect-ai/2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval#3": {
    format: "inspect-ai",
    steps: 1,
    calls: 0,
    observations: 0,
    joined: 0,
    status: "finished",
    model: "openai/gpt-4o-mini",
    check: (t) => expect(t.final.answer).toBe("No"),
  },
  // DevAI (free-text actions: one call per step that has an action)
  "devai/OpenHands__39_Drug_Response_Prediction_SVM_GDSC_ML.json": {
    format: "devai",
    steps: 34,
    calls: 33,
    observations: 33,
    joined: 33,
    status: "unknown",
    model: "gpt-4o-2024-05-13",
    check: (t) => expect(t.totals.cost).toBeCloseTo(2.607315, 6),
  },
};

describe.skipIf(!sharedTraces)(
  `every real transcript in ../shared/traces is read by its reader${sharedTraces ? "" : ` (${SKIP_TRACES})`}`,
  () => {
    for (const [rel, want] of Object.entries(SAMPLES)) {
      it(
        `${rel}: ${want.steps} steps, ${want.calls} tool calls, ${want.joined}/${want.observations} observations ` +
          `joined, ${want.status}`,
        async () => {
          const t = await readTrace(join(sharedTraces!, rel));
          expect(t.format).toBe(want.format);
          expect(t.steps).toHaveLength(want.steps);
          expect(calls(t)).toHaveLength(want.calls);
          expect(t.totals.toolCalls).toBe(want.calls);
          expect(t.steps.flatMap((s) => s.observations)).toHaveLength(want.observations);
          expect(joined(t)).toBe(want.joined);
          expect(t.final.status).toBe(want.status);
          if (want.model) expect(t.model).toBe(want.model);
          want.check?.(t);
        },
      );
    }

    it("a file with several runs needs one named, and says which there are", async () => {
      await expect(readTrace(join(sharedTraces!, "openhands/multi_swe_bench_output.jsonl"))).rejects.toThrow(
        new RegExp(
          String.raw`multi_swe_bench_output\.jsonl:1:1 holds 3 instances ` +
            String.raw`\(ponylang__ponyc-4595, ponylang__ponyc-4593, ponylang__ponyc-4588\)`,
        ),
      );
      await expect(
        readTrace(join(sharedTraces!, "inspect-ai/2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval")),
      ).rejects.toThrow(/holds 10 samples/);
      await expect(readTrace(`${join(sharedTraces!, "openhands/multi_swe_bench_output.jsonl")}#nope`)).rejects.toThrow(
        /no instance 'nope'/,
      );
    });

    it.skip("Gemini CLI: no real public transcript was found (see README, 'Trace formats'); its reader is written from the CLI's source and is not proven on a real file", () => {});
  },
);

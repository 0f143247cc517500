import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { SKIP_TRACES, sharedTraces, tempDir } from "../../helpers/paths.js";

const sample = (rel: string) => join(sharedTraces!, rel);

describe.skipIf(!sharedTraces)(`devjudge trace${sharedTraces ? "" : ` (${SKIP_TRACES})`}`, () => {
  it("prints the detected format, agent, model, numbered steps with their calls and results, the final status and totals", async () => {
    const r = await devjudge(["trace", sample("claude-code/headless_hello-world-script.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("format: claude-code   agent: claude-code   model: claude-opus-4-5-20251101");
    expect(r.stdout).toMatch(/^#0 \(\d+ in \/ \d+ out\)/m);
    expect(r.stdout).toMatch(/^ {2}→ Write \{"file_path":"\/tmp\/tmp74wiyiny\/hello\.sh"/m);
    expect(r.stdout).toMatch(/^ {4}← File created successfully at: \/tmp\/tmp74wiyiny\/hello\.sh/m);
    expect(r.stdout).toMatch(/^final: finished — I have fully completed the task\./m);
    expect(r.stdout).toMatch(
      new RegExp(
        String.raw`^totals: 4 steps, 2 tool calls, 74578 input / \d+ output tokens \(\d+ cached\), cost` +
          String.raw` not recorded, [\d.]+ s$`,
        "m",
      ),
    );
  });

  it("--json prints the normalised trace, sub-agents' calls included", async () => {
    const r = await devjudgeInProcess([
      "trace",
      sample("claude-code/session_with_task_subagent_491e126e.jsonl"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({
      format: "claude-code",
      agent: "claude-code",
      model: "claude-opus-4-6",
      final: { status: "finished" },
      totals: { steps: 17, toolCalls: 25, cost: 0 },
    });
    expect(typeof t.totals.inputTokens).toBe("number");
    expect(typeof t.totals.outputTokens).toBe("number");
    const calls = t.steps.flatMap((s: { toolCalls: unknown[] }) => s.toolCalls);
    expect(calls).toHaveLength(25);
    for (const c of calls) expect(Object.keys(c).sort()).toEqual(["args", "id", "name"]);
    const obs = t.steps.flatMap((s: { observations: unknown[] }) => s.observations);
    expect(obs[0]).toMatchObject({
      toolCallId: expect.stringMatching(/^toolu_/),
      text: expect.any(String),
      isError: false,
    });
    expect(t.steps[0].usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(t.steps.filter((s: { agentName?: string }) => s.agentName?.startsWith("sub-agent ")).length).toBe(5);
  });

  it("reads a folder (OpenHands V1 events) and takes --format", async () => {
    const r = await devjudgeInProcess([
      "trace",
      sample("openhands-v1/cli_events_confirmation_mode"),
      "--format",
      "openhands-v1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: "openhands-v1",
      totals: { steps: 6, toolCalls: 3 },
      final: { status: "finished", answer: "hello world" },
    });
  });

  it("exits 2 with one line naming the file and line: a line cut off, an empty file, an unknown format, a missing file, an unknown --format", async () => {
    const dir = await tempDir();
    const lines = (await import("node:fs"))
      .readFileSync(sample("codex-exec-json/exec_json_stream-output-2.jsonl"), "utf8")
      .split("\n");
    await writeFile(join(dir, "cut.jsonl"), `${lines.slice(0, 3).join("\n")}\n${lines[3]!.slice(0, 50)}`);
    await writeFile(join(dir, "empty.json"), "");
    await writeFile(join(dir, "other.json"), JSON.stringify({ rows: [1, 2, 3] }, null, 2));
    const cases: [string[], string][] = [
      [[join(dir, "cut.jsonl")], `error: ${join(dir, "cut.jsonl")}:4:1 not valid JSON (a truncated line?)`],
      [[join(dir, "empty.json")], `error: ${join(dir, "empty.json")}:1:1 empty file`],
      [
        [join(dir, "other.json")],
        `error: ${join(dir, "other.json")}:1:1 unknown trace format: an object with rows (use format: to name one)`,
      ],
      [[join(dir, "nope.jsonl")], `error: ${join(dir, "nope.jsonl")}: no such file or folder`],
      [[join(dir, "cut.jsonl"), "--format", "nonsense"], "error: --format: unknown format 'nonsense'"],
    ];
    for (const [args, message] of cases) {
      const r = await devjudgeInProcess(["trace", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });
});

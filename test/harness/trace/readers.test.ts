import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { guessTraceFormat, readTrace } from "../../../harness/trace/read-trace.js";
import { sharedTraces, tempDir } from "../../helpers/paths.js";

describe("trace readers", () => {
  it("JSON lines: one step a line, flat or DevAI-style fields", async () => {
    const file = join(await tempDir(), "t.jsonl");
    await writeFile(
      file,
      '{"thought":"look","action":"ls","observation":"a.py","input_tokens":10,"output_tokens":2,"cost":0.1}\n\n' +
        '{"agent":{"thought":"edit","action":"vim a.py"},"environment":"ok",' +
        '"step_usage":{"input_tokens":5,"output_tokens":1,"cost":0.05,"step_execution_time":2}}\n',
    );
    const t = await readTrace(file);
    expect(t.format).toBe("jsonl");
    expect(t.steps.map((s) => [s.index, s.thought, s.action, s.observation])).toEqual([
      [0, "look", "ls", "a.py"],
      [1, "edit", "vim a.py", "ok"],
    ]);
    expect(t.totals).toMatchObject({ inputTokens: 15, outputTokens: 3, durationS: 2 });
    expect(t.totals.cost).toBeCloseTo(0.15);
  });

  it("JSON lines: a bad line is an error naming the line", async () => {
    const file = join(await tempDir(), "bad.jsonl");
    await writeFile(file, `{"thought":"a"}\nnot json\n`);
    await expect(readTrace(file)).rejects.toThrow(`${file}:2:1 not valid JSON`);
  });

  it("process logs: devjudge's timestamped lines grouped by pauses; other text in chunks", async () => {
    const file = join(await tempDir(), "process.log");
    await writeFile(
      file,
      [
        "2026-01-01T00:00:00.000Z event started: agent",
        "2026-01-01T00:00:00.500Z stdout step one",
        "2026-01-01T00:00:05.000Z stdout step two",
        "2026-01-01T00:00:05.100Z stderr warn",
      ].join("\n"),
    );
    const t = await readTrace(file);
    expect(t.format).toBe("log");
    expect(t.steps.map((s) => s.observation)).toEqual(["[event] started: agent\nstep one", "step two\n[stderr] warn"]);
    expect(t.steps[0]!.durationS).toBe(0.5);
    const plain = join(await tempDir(), "out.txt");
    await writeFile(plain, Array.from({ length: 90 }, (_, i) => `line ${i}`).join("\n"));
    expect((await readTrace(plain)).steps).toHaveLength(3);
  });

  it("guesses the format from the file name", () => {
    expect(guessTraceFormat("a.json")).toBe("devai");
    expect(guessTraceFormat("a.JSONL")).toBe("jsonl");
    expect(guessTraceFormat("process.log")).toBe("log");
  });
});

describe("long traces", () => {
  it("keep their first and last steps; the totals still count every step", async () => {
    const { KEEP_HEAD_STEPS, KEEP_TAIL_STEPS } = await import("../../../harness/trace/builder.js");
    const n = KEEP_HEAD_STEPS + KEEP_TAIL_STEPS + 2500;
    const file = join(await tempDir(), "long.jsonl");
    await writeFile(
      file,
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          thought: `t${i}`,
          action: `a${i}`,
          observation: `o${i}`,
          input_tokens: 10,
          output_tokens: 1,
          cost: 0.01,
        }),
      ).join("\n"),
    );
    const t = await readTrace(file);
    expect(t.totals).toMatchObject({ steps: n, toolCalls: n, inputTokens: 10 * n, outputTokens: n });
    expect(t.totals.cost).toBeCloseTo(0.01 * n, 6);
    expect(t.steps.length + t.elided!.steps).toBe(n);
    expect(t.steps.length).toBeLessThanOrEqual(KEEP_HEAD_STEPS + KEEP_TAIL_STEPS + 1000);
    expect(t.elided!.afterIndex).toBe(KEEP_HEAD_STEPS - 1);
    expect(t.steps[KEEP_HEAD_STEPS - 1]!.thought).toBe(`t${KEEP_HEAD_STEPS - 1}`);
    expect(t.steps.at(-1)).toMatchObject({ index: n - 1, thought: `t${n - 1}`, action: `a${n - 1}` });
  });
});

describe.skipIf(!sharedTraces)("a folder of sessions", () => {
  it("reads its newest transcript, not a sub-agent's file nor a prompt index", async () => {
    const { copyFile, mkdir, utimes } = await import("node:fs/promises");
    const dir = join(await tempDir(), "projects", "-tmp-app");
    await mkdir(join(dir, "5f1c", "subagents"), { recursive: true });
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const put = async (rel: string, to: string, s: number) => {
      await copyFile(join(sharedTraces!, rel), join(dir, to));
      await utimes(join(dir, to), at(s), at(s));
    };
    await put("claude-code/headless_coverage-test-fix.jsonl", "older.jsonl", 1);
    await put("claude-code/headless_hello-world-script.jsonl", "5f1c.jsonl", 2);
    await put("claude-code/subagent_sidechain_agent-aac57f5.jsonl", "5f1c/subagents/agent-aac57f5.jsonl", 3);
    await writeFile(join(dir, "history.jsonl"), '{"display":"a prompt"}\n');
    const t = await readTrace(dir);
    expect(t).toMatchObject({ format: "claude-code", source: join(dir, "5f1c.jsonl") });
    // the session's 4 steps, and its sub-agent's 3 read from 5f1c/subagents/
    expect(t.totals).toMatchObject({ steps: 7, toolCalls: 14 });
    expect((await readTrace(dir, "claude-code")).source).toBe(join(dir, "5f1c.jsonl"));
  });

  it("a session's sub-agent files (<session>/subagents/agent-<id>.jsonl) are read with it, their steps named after the sub-agent (two real files put in Claude Code's layout)", async () => {
    const { copyFile, mkdir } = await import("node:fs/promises");
    const dir = await tempDir();
    await mkdir(join(dir, "5f1c", "subagents"), { recursive: true });
    await copyFile(join(sharedTraces!, "claude-code/headless_hello-world-script.jsonl"), join(dir, "5f1c.jsonl"));
    await copyFile(
      join(sharedTraces!, "claude-code/subagent_sidechain_agent-aac57f5.jsonl"),
      join(dir, "5f1c/subagents/agent-aac57f5.jsonl"),
    );
    const t = await readTrace(join(dir, "5f1c.jsonl"));
    // 4 steps and 2 calls of the session, 3 steps and 12 calls of the sub-agent
    expect(t.totals).toMatchObject({ steps: 7, toolCalls: 14 });
    expect(t.steps.slice(4).map((s) => s.agentName)).toEqual([
      "sub-agent aac57f5",
      "sub-agent aac57f5",
      "sub-agent aac57f5",
    ]);
    expect(
      t.steps
        .slice(4)
        .flatMap((s) => s.observations)
        .filter((o) => o.toolCallId),
    ).toHaveLength(12);
    expect(t.task).toMatch(/^Write a shell script called hello\.sh/);
    expect(t.final.status).toBe("finished");
  });
});

describe("huge input", () => {
  // sparse files: the size is real, the disk blocks are not
  it("a JSON document over 200 MB is refused in one line, before it is read", async () => {
    const { open } = await import("node:fs/promises");
    const file = join(await tempDir(), "huge.json");
    const fh = await open(file, "w");
    await fh.write("[");
    await fh.truncate(201 * 2 ** 20);
    await fh.close();
    await expect(readTrace(file)).rejects.toThrow(
      `${file}:1:1 a 201 MB JSON document is over the 200 MB limit for whole-file formats`,
    );
  });

  it("a line of JSON lines over 64 MB is an error naming it, not a 64 MB string held whole", async () => {
    const { open } = await import("node:fs/promises");
    const file = join(await tempDir(), "long-line.jsonl");
    const fh = await open(file, "w");
    await fh.write('{"type":"thread.started","thread_id":"t"}\n');
    await fh.truncate(70 * 2 ** 20);
    await fh.close();
    await expect(readTrace(file)).rejects.toThrow(`${file}:2:1 a line over 64 MB`);
  });
});

describe("unknown JSON lines", () => {
  it("are an error naming the fields seen, not an empty trace", async () => {
    const file = join(await tempDir(), "other.jsonl");
    await writeFile(file, '{"id":"0","msg":{"type":"task_started"}}\n{"id":"0","msg":{"type":"agent_message"}}\n');
    await expect(readTrace(file)).rejects.toThrow(
      `${file}:1:1 unknown trace format: JSON lines with id, msg (use format: to name one)`,
    );
  });
});

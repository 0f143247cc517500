/**
 * The real Claude Code, Codex and Gemini CLIs (pinned devDependencies) run as command candidates through
 * their presets, against the scripted agent model on 127.0.0.1; their native transcripts are
 * collected and the agent judge (against the scripted judge model) judges them gray-box.
 */
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentPresets } from "../../../harness/candidates/agents/index.js";
import type { Report } from "../../../harness/report/types.js";
import { devjudge } from "../../helpers/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai/server.js";
import { repoRoot, tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig } from "../../helpers/project.js";
import { demoTasks } from "../../helpers/scripted-agent/script.js";
import { startScriptedAgentServer, type ScriptedAgentServer } from "../../helpers/scripted-agent/server.js";
import { scriptedJudgeRules } from "../../helpers/scripted-judge.js";

const TASK = "sh-backup-rotate";
const JUDGE_KEY = "sk-judge-7f3c1e0b9d";
const KEYS = {
  ANTHROPIC_API_KEY: "sk-agent-claude-41d2",
  CODEX_API_KEY: "sk-agent-codex-93ab",
  GEMINI_API_KEY: "sk-agent-gemini-5e60",
};
const bin = join(repoRoot, "node_modules/.bin");

const jsonLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

describe("real agent CLIs as candidates, offline", () => {
  let agentModel: ScriptedAgentServer;
  let judgeModel: FakeOpenAI;
  let dir: string;
  let out: string;
  let report: Report;
  let code: number;
  let output: string;

  beforeAll(async () => {
    agentModel = await startScriptedAgentServer({ tasks: demoTasks(repoRoot) });
    judgeModel = await startFakeOpenAI({ rules: scriptedJudgeRules() });
    dir = await tempDir("devjudge-agents-");
    await writeConfig(
      dir,
      `suites: [${join(repoRoot, "tasks/demo", `${TASK}.yaml`)}]
judge: { name: agent, model: gpt-4o-mini, base_url: "${judgeModel.baseURL}" }
concurrency: { candidates: 3 }
candidates:
  - name: claude
    kind: command
    agent: claude-code
    agent_model: claude-sonnet-4-5
    agent_base_url: "${agentModel.url}"
    timeout: 300
  - name: codex
    kind: command
    agent: codex
    agent_model: gpt-5-codex
    agent_base_url: "${agentModel.url}/v1"
    timeout: 300
  - name: gemini
    kind: command
    agent: gemini
    agent_model: gemini-2.5-pro
    agent_base_url: "${agentModel.url}"
    timeout: 300
`,
    );
    out = join(dir, "run");
    const r = await devjudge(["run", "--no-cache", "--output", out], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}`, OPENAI_API_KEY: JUDGE_KEY, ...KEYS },
    });
    code = r.code;
    output = r.stdout + r.stderr;
    report = await readReportFile(out);
  }, 600_000);
  afterAll(async () => {
    await agentModel?.close();
    await judgeModel?.close();
  });

  const unit = (name: string) => report.candidates.find((c) => c.name === name)!.tasks[0]!;

  it("both agents ran to the end on their own and wrote the task's files with their own tools", async () => {
    expect(code, output).toBe(0);
    for (const name of ["claude", "codex", "gemini"]) {
      expect(unit(name).agent, name).toMatchObject({ exitCode: 0, timedOut: false, selfTerminated: true });
      for (const f of ["backup.sh", "tests/test_backup.sh"])
        expect(await readFile(join(out, "agents", name, TASK, "workspace", f), "utf8"), `${name} ${f}`).toBe(
          await readFile(join(repoRoot, "seeds/workspaces/ace", TASK, f), "utf8"),
        );
    }
    // three agent turns each (write, list, finish), over each agent's own protocol
    const turns = (protocol: string) =>
      agentModel.calls.filter((c) => c.protocol === protocol && c.task === TASK).map((c) => c.turn);
    expect(turns("anthropic")).toEqual([0, 1, 2]);
    expect(turns("responses")).toEqual([0, 1, 2]);
    expect(turns("gemini")).toEqual([0, 1, 2]);
  });

  it("each agent got its own key and the model from its preset, never the judge's key", () => {
    const main = agentModel.calls.filter((c) => c.task === TASK);
    expect(main.filter((c) => c.protocol === "anthropic").map((c) => [c.headers["x-api-key"], c.model])).toEqual(
      Array(3).fill([KEYS.ANTHROPIC_API_KEY, "claude-sonnet-4-5"]),
    );
    expect(main.filter((c) => c.protocol === "responses").map((c) => [c.headers.authorization, c.model])).toEqual(
      Array(3).fill([`Bearer ${KEYS.CODEX_API_KEY}`, "gpt-5-codex"]),
    );
    expect(main.filter((c) => c.protocol === "gemini").map((c) => [c.headers["x-goog-api-key"], c.model])).toEqual(
      Array(3).fill([KEYS.GEMINI_API_KEY, "gemini-2.5-pro"]),
    );
    for (const c of agentModel.calls) expect(JSON.stringify(c.headers)).not.toContain(JUDGE_KEY);
    expect(judgeModel.chatCalls.every((c) => c.headers.authorization === `Bearer ${JUDGE_KEY}`)).toBe(true);
  });

  it("Claude Code's session transcript is collected from its private HOME: JSON lines of its own format, with the Write calls", () => {
    const trace = unit("claude").trace!;
    expect(trace.source).toMatch(
      new RegExp(`/agents/claude/${TASK}/home/\\.claude/projects/[^/]+/[0-9a-f-]{36}\\.jsonl$`),
    );
    const lines = jsonLines(resolve(dir, trace.source)); // the report names it relative to where devjudge ran
    expect(new Set(lines.map((l) => l.sessionId)).size).toBe(1);
    const toolUses = lines
      .filter((l) => l.type === "assistant")
      .flatMap((l) => l.message.content)
      .filter((b: any) => b.type === "tool_use");
    expect(toolUses.map((b: any) => b.name)).toEqual(["Write", "Write", "Bash"]);
    expect(lines.some((l) => l.type === "user" && l.message.content.some?.((b: any) => b.type === "tool_result"))).toBe(
      true,
    );
  });

  it("Codex's rollout is collected from its private CODEX_HOME: JSON lines of its own format, with the apply_patch and the listing", () => {
    const trace = unit("codex").trace!;
    expect(trace.source).toMatch(
      new RegExp(`/agents/codex/${TASK}/home/\\.codex/sessions/\\d{4}/\\d\\d/\\d\\d/rollout-[^/]+\\.jsonl$`),
    );
    const lines = jsonLines(resolve(dir, trace.source)); // the report names it relative to where devjudge ran
    expect(lines[0]).toMatchObject({ type: "session_meta" });
    const calls = lines
      .filter((l) => l.type === "response_item" && l.payload.type === "function_call")
      .map((l) => JSON.parse(l.payload.arguments).cmd as string);
    expect(calls[0]).toMatch(/^apply_patch <<'PATCH'\n\*\*\* Begin Patch\n\*\*\* Add File: backup\.sh/);
    expect(calls[1]).toContain("find . -type f");
    expect(lines.filter((l) => l.type === "response_item" && l.payload.type === "function_call_output")).toHaveLength(
      2,
    );
  });

  it("Gemini CLI's session is collected from its private HOME: JSON lines of its own format, with the write_file calls", () => {
    const dirOf = join(out, "agents", "gemini", TASK, "home", ".gemini", "tmp", "workspace", "chats");
    const sessions = readdirSync(dirOf).filter((f) => /^session-.*\.jsonl$/.test(f));
    expect(sessions).toHaveLength(1);
    const lines = jsonLines(join(dirOf, sessions[0]!));
    expect(lines[0]).toMatchObject({ kind: "main", sessionId: expect.any(String) });
    const text = JSON.stringify(lines);
    expect(text.match(/"name":"write_file"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('"name":"run_shell_command"');
    expect(resolve(dir, unit("gemini").trace!.source)).toBe(join(dirOf, sessions[0]!));
  });

  it("the agent judge judged each unit gray-box from the transcript, read by the agent's own reader", () => {
    const expected = {
      claude: {
        format: "claude-code",
        agent: "claude-code",
        model: "claude-sonnet-4-5",
        toolCalls: 3,
        wrote: "call Write: ",
      },
      codex: {
        format: "codex-rollout",
        agent: "codex",
        model: "gpt-5-codex",
        toolCalls: 2,
        wrote: 'call exec_command: {\\"cmd\\":\\"apply_patch',
      },
      gemini: {
        format: "gemini",
        agent: "gemini-cli",
        model: "gemini-2.5-pro",
        toolCalls: 3,
        wrote: "call write_file: ",
      },
    };
    const summaries = judgeModel.chatCalls
      .filter((c) => c.matchedBy === "summary")
      .map((c) => JSON.stringify(c.body.messages));
    expect(summaries).toHaveLength(3);
    for (const [name, e] of Object.entries(expected)) {
      const t = unit(name);
      expect(agentPresets[name === "claude" ? "claude-code" : (name as "codex" | "gemini")].traceFormat).toBe(e.format);
      // one step per model response: write, list, finish
      expect(t.trace).toMatchObject({
        format: e.format,
        agent: e.agent,
        model: e.model,
        status: "finished",
        steps: 3,
        toolCalls: e.toolCalls,
      });
      expect(t.trace!.inputTokens).toBeGreaterThan(0);
      expect(t.counts.error).toBe(0);
      // static checks decide backup.sh's behaviour; the model judged the rest, after a summary of this trace
      expect(t.requirements.filter((v) => v.judge === "static").every((v) => v.status === "satisfied")).toBe(true);
      expect(t.requirements.some((v) => v.judge !== "static" && v.status === "satisfied")).toBe(true);
      const summary = summaries.find(
        (s) => s.includes(`The agent's trace (${t.trace!.steps} steps)`) && s.includes(e.wrote),
      );
      expect(summary, `${name}: the judge saw its ${e.wrote} calls`).toBeDefined();
    }
  });
});

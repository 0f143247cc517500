/**
 * The scripted agent's Chat Completions side (no real agent CLI here speaks it): its commands,
 * run by a real shell, really write the demo task's files.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot, tempDir } from "../helpers/paths.js";
import { demoTasks } from "../helpers/scripted-agent/script.js";
import { startScriptedAgentServer, type ScriptedAgentServer } from "../helpers/scripted-agent/server.js";

const TASK = "py-sales-report"; // text files and a binary PNG
const task = demoTasks(repoRoot).find((t) => t.id === TASK)!;
const prompt = (parse(readFileSync(join(repoRoot, "tasks/demo", `${TASK}.yaml`), "utf8")) as { query: string }).query;

async function chat(server: ScriptedAgentServer, messages: unknown[], tools?: unknown[]) {
  const r = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages, tools }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as any).choices[0];
}

describe("scripted agent server, Chat Completions", () => {
  let server: ScriptedAgentServer;
  beforeAll(async () => {
    server = await startScriptedAgentServer({ tasks: demoTasks(repoRoot) });
  });
  afterAll(() => server.close());

  it("with a shell tool: writes every file of the task through it, then lists them, then stops", async () => {
    const ws = await tempDir();
    const tools = [
      {
        type: "function",
        function: { name: "bash", parameters: { type: "object", properties: { command: { type: "string" } } } },
      },
    ];
    const messages: any[] = [{ role: "user", content: prompt }];
    for (const turn of [0, 1]) {
      const c = await chat(server, messages, tools);
      expect(c.finish_reason, `turn ${turn}`).toBe("tool_calls");
      const call = c.message.tool_calls[0];
      expect(call.function.name).toBe("bash");
      const output = execFileSync("sh", ["-c", JSON.parse(call.function.arguments).command], {
        cwd: ws,
        encoding: "utf8",
      });
      messages.push(c.message, { role: "tool", tool_call_id: call.id, content: output });
    }
    for (const f of [...task.files.map((x) => x.path), ...task.binaries.map((x) => x.path)])
      expect(
        (await readFile(join(ws, f))).equals(await readFile(join(repoRoot, "seeds/workspaces/ace", TASK, f))),
        f,
      ).toBe(true);
    expect(messages.at(-1).content).toContain("./results/revenue_by_month.png");
    const last = await chat(server, messages, tools);
    expect(last).toMatchObject({ finish_reason: "stop", message: { content: expect.stringContaining(`for ${TASK}`) } });
    expect(server.calls.filter((c) => c.protocol === "chat").map((c) => c.turn)).toEqual([0, 1, 2]);
  });

  it("without tools: answers with a bash block, mini-swe-agent's way, and ends with its submit command", async () => {
    const first = await chat(server, [{ role: "user", content: prompt }]);
    expect(first.message.content).toMatch(/^THOUGHT: .*\n\n```bash\nmkdir -p /s);
    const done = await chat(server, [
      { role: "user", content: prompt },
      first.message,
      { role: "user", content: "ok" },
      { role: "assistant", content: "x" },
      { role: "user", content: "ok" },
    ]);
    expect(done.message.content).toContain("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT");
  });
});

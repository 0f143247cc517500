/**
 * `npm run demo:agents`: the real Claude Code, Codex and Gemini CLIs (devDependencies) run as command
 * candidates through their presets on the demo tasks, offline: a scripted agent model on
 * 127.0.0.1 plays their side (writing each task's files with the agent's own tools), their native
 * transcripts are collected, and the agent judge — against the scripted judge model — judges them
 * gray-box. Pass task ids to run fewer tasks; other devjudge run flags go after `--`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeOpenAI } from "../test/helpers/fake-openai/server.js";
import { demoTasks } from "../test/helpers/scripted-agent/script.js";
import { startScriptedAgentServer } from "../test/helpers/scripted-agent/server.js";
import { scriptedJudgeRules } from "../test/helpers/scripted-judge.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const dash = process.argv.indexOf("--");
const ids = process.argv.slice(2, dash < 0 ? undefined : dash);
const extra = dash < 0 ? [] : process.argv.slice(dash + 1);
const tasks = demoTasks(root).filter((t) => !ids.length || ids.includes(t.id));
if (!tasks.length) {
  console.error(
    `demo:agents: no demo task named ${ids.join(", ")} (tasks/demo has ${demoTasks(root)
      .map((t) => t.id)
      .join(", ")})`,
  );
  process.exit(2);
}

const agentModel = await startScriptedAgentServer({ tasks });
const judgeModel = await startFakeOpenAI({ rules: scriptedJudgeRules() });
const dir = mkdtempSync(join(tmpdir(), "devjudge-demo-agents-"));
writeFileSync(
  join(dir, "devjudge.yaml"),
  `suites: [${tasks.map((t) => JSON.stringify(join(root, "tasks/demo", `${t.id}.yaml`))).join(", ")}]\n` +
    `output: ${JSON.stringify(join(root, "reports"))}\n` +
    `judge: { name: agent, model: gpt-4o-mini, base_url: "${judgeModel.baseURL}" }\n` +
    "candidates:\n" +
    `  - { name: claude-code, kind: command, agent: claude-code, agent_model: claude-sonnet-4-5, ` +
    `agent_base_url: "${agentModel.url}", timeout: 300 }\n` +
    `  - { name: codex, kind: command, agent: codex, agent_model: gpt-5-codex, ` +
    `agent_base_url: "${agentModel.url}/v1", timeout: 300 }\n` +
    `  - { name: gemini, kind: command, agent: gemini, agent_model: gemini-2.5-pro, ` +
    `agent_base_url: "${agentModel.url}", timeout: 300 }\n`,
);
// spawned, not run synchronously: the two model servers live in this process's event loop
const child = spawn(
  "node",
  [join(root, "dist/harness/cli/main.js"), "run", "--config", join(dir, "devjudge.yaml"), "--no-cache", ...extra],
  {
    stdio: "inherit",
    // the judge's key stays the judge's: the agents get their own variables
    env: {
      ...process.env,
      PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}`,
      OPENAI_API_KEY: "sk-demo-judge",
      ANTHROPIC_API_KEY: "sk-demo-claude",
      CODEX_API_KEY: "sk-demo-codex",
      GEMINI_API_KEY: "sk-demo-gemini",
    },
  },
);
const status = await new Promise<number>((done) => child.on("exit", (code) => done(code ?? 3)));
const turns = agentModel.calls.filter((c) => c.turn >= 0);
const count = (p: string) => turns.filter((c) => c.protocol === p).length;
console.log(
  `scripted agent model: ${count("anthropic")} Claude Code turns, ${count("responses")} Codex turns, ` +
    `${count("gemini")} Gemini turns; judge model: ${judgeModel.chatCalls.length} calls`,
);
await Promise.all([agentModel.close(), judgeModel.close()]);
process.exit(status);

#!/usr/bin/env node
// A scripted stand-in for a coding agent, so the demo runs agent execution end to end offline.
// devjudge runs it as a `command` candidate:
//   node {config_dir}/seeds/agents/scripted-agent.mjs {task} {query_file} {trajectory_file}
// in a fresh, empty workspace (its working directory). It "solves" a demo task by writing the
// files of a known solution one step at a time, then runs the task's own check command for real
// and records what happened as a DevAI-format trajectory.
import { execSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const [task, queryFile, trajectoryFile] = process.argv.slice(2);
if (!task || !queryFile || !trajectoryFile) {
  console.error("usage: scripted-agent.mjs <task> <query_file> <trajectory_file>");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
// its own copy of the solutions: the sandbox hides other candidates' workspaces (seeds/workspaces/) from an agent
const solution = join(here, "playbook", task);
const verify = {
  "py-wordfreq-cli": "python3 -m unittest discover -s tests 2>&1 | tail -3",
  "py-sales-report": "python3 report.py && head -3 results/summary.csv",
  "node-url-shortener": "node --test 2>&1 | tail -8",
  "node-records-validator": "node validate.js && cat out/report.json | head -5",
  "c-rle-codec": "make -s && make -s test 2>&1 | tail -3 && make -s clean",
  "sh-backup-rotate": "bash -n backup.sh && echo syntax ok",
};

const steps = [];
let clock = 0;
function step(thought, action, environment, userMessage = null) {
  const size = (action ?? thought).length;
  const input = 1200 + steps.length * 400;
  const output = (60 + Math.min(400, size / 4)) | 0;
  const cost = +(input * 2.5e-6 + output * 1e-5).toFixed(6);
  const time = +(1.5 + (size % 7) / 3).toFixed(3);
  clock += time;
  const prev = steps.at(-1)?.accumulated_usage.accumulated_cost ?? 0;
  steps.push({
    step: steps.length,
    user_message: userMessage,
    agent: { thought, action, agent_name: "scripted-agent" },
    environment,
    step_usage: { input_tokens: input, output_tokens: output, model: "scripted-1", cost, llm_inference_time: +(time * 0.6).toFixed(3), step_execution_time: time },
    accumulated_usage: { accumulated_cost: +(prev + cost).toFixed(6), accumulated_time: +clock.toFixed(3) },
  });
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const query = readFileSync(queryFile, "utf8");
let list;
try {
  list = files(solution).sort();
} catch {
  step("I do not know how to solve this task.", null, null, query);
  writeFileSync(trajectoryFile, JSON.stringify(steps, null, 2));
  console.log(`no playbook for ${task}`);
  process.exit(1);
}
step("Let me look at the workspace first.", "ls -la", execSync("ls -la").toString(), query);
for (const file of list) {
  const rel = relative(solution, file);
  mkdirSync(dirname(rel), { recursive: true });
  copyFileSync(file, rel);
  const size = statSync(rel).size;
  console.log(`wrote ${rel} (${size} bytes)`);
  step(`Write ${rel}.`, `cat > ${rel} <<'EOF'\n${readFileSync(rel, "utf8").slice(0, 600)}\nEOF`, `[wrote ${size} bytes]`);
}
const cmd = verify[task] ?? "ls -R";
let out;
try {
  out = execSync(cmd, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: "/bin/sh" });
} catch (e) {
  out = `${e.stdout ?? ""}${e.stderr ?? ""}[exit ${e.status}]`;
}
console.log(out.trimEnd());
step("Run it to check that it works.", cmd, out);
step("The task is done.", null, null);
writeFileSync(trajectoryFile, JSON.stringify(steps, null, 2));

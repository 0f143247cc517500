// Runs attack.sh through devjudge's three ways of running untrusted commands — a command check, a
// command candidate and the agent judge's `run` tool — as whatever user starts it, and prints
// their outputs as JSON. The escape test starts it as root and as an unprivileged user; the API
// key it must not leak is in this process's own environment, as devjudge's would be.
// Usage: tsx run-attacks.ts <project dir> (prepared by the test: attack.sh, candidates, labels, a run).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CommandSource } from "../../../harness/candidates/command.js";
import type { Config } from "../../../harness/config/types.js";
import { hideFromSandboxes } from "../../../harness/exec/sandbox.js";
import { pathsToHide } from "../../../harness/config/private-paths.js";
import { judgeTools } from "../../../judges/agent/tools/index.js";
import { command } from "../../../harness/checks/command.js";

const project = process.argv[2]!;
const runDir = join(project, "reports", "run1");
const config = {
  output: join(project, "reports"),
  cache: { enabled: true, dir: join(project, ".devjudge", "cache") },
  workDir: join(project, ".devjudge", "work"),
  candidates: [
    {
      kind: "dir",
      name: "ace",
      path: join(project, "candidates", "ace", "{task}"),
      labels: join(project, "labels", "ace.json"),
    },
    {
      kind: "dir",
      name: "bob",
      path: join(project, "candidates", "bob", "{task}"),
      labels: join(project, "labels", "bob.json"),
    },
  ],
} as Pick<Config, "output" | "cache" | "workDir" | "candidates">;
// what `devjudge run` does before anything runs
hideFromSandboxes(pathsToHide(config, runDir));

const workspace = join(project, "candidates", "ace", "t1");
const signal = new AbortController().signal;
const out: Record<string, string> = {};

const check = await command.run({ run: "sh attack.sh", timeout: 120 }, { workspace, signal });
out.check = `${check.message}\n${check.evidence.map((e) => ("output" in e ? e.output : "")).join("\n")}`;

const ctx = {
  task: {} as never,
  candidate: "ace",
  workspace,
  signal,
  memo: <T>(_k: string, f: () => Promise<T>) => f(),
};
const wsCtx = { entries: [], tree: "", index: { search: async () => [], chunks: 0, files: 0, close() {} }, close() {} };
const run = judgeTools(ctx, wsCtx, "c", { vision: false, runTool: true, runTimeoutS: 120 }).find(
  (t) => t.spec.name === "run",
)!;
out.runTool = (await run.run({ command: "sh attack.sh" })).text;

const agent = new CommandSource({
  kind: "command",
  name: "mallory",
  run: "sh {config_dir}/attack.sh",
  configDir: project,
  timeoutS: 120,
  env: [],
  network: false,
  neverPass: [],
});
const task = { id: "t1", query: "q", requirements: [], preferences: [] } as never;
const m = await agent.materialise(task, { workDir: config.workDir, runDir, signal, emit: () => {} });
const processLog = await readFile(join(runDir, "agents", "mallory", "t1", "process.log"), "utf8");
out.candidate = `${processLog}\n${m.warnings.join("\n")}`;

process.stdout.write(JSON.stringify(out));

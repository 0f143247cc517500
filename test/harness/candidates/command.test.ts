import { execSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { makeWorkspace } from "../../helpers/workspace.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";

describe("command candidates: the agent really runs", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    await writeSuite(dir, {
      t1: `constraints: You have 30 minutes.
requirements:
  - id: 0
    criteria: the agent wrote out.txt
    category: x
    checks: [{ contains: { path: out.txt, pattern: "^Do t1\\\\." } }]
`,
    });
    await writeFile(
      join(dir, "agent.sh"),
      `#!/bin/sh
# copies the prompt into the workspace, records its environment, and behaves as $MODE says
cp "$1" out.txt
env > env.txt
echo "working on $2"
echo "to stderr" >&2
case "$MODE" in
  hang) sleep 301.7 & sleep 301.7 ;;
  fail) exit 3 ;;
esac
`,
    );
  });

  const run = async (out: string, extra: string, env: Record<string, string> = {}) => {
    await writeConfig(
      dir,
      `suites: [suite]\ncandidates:\n  - { name: a, kind: command, run: ` +
        `"sh {config_dir}/agent.sh {query_file} {task}", ${extra} }\n`,
    );
    const r = await devjudgeInProcess(["run", "--output", join(dir, out)], { cwd: dir, env });
    return { r, report: await readReportFile(join(dir, out)), base: join(dir, out, "agents", "a", "t1") };
  };

  it("gets a fresh workspace and the prompt (query + constraints); its output is logged with timestamps", async () => {
    const { r, report, base } = await run("ok", "env: [MODE]", { MODE: "ok" });
    expect(r.code).toBe(0);
    const t = report.candidates[0]!.tasks[0]!;
    expect(t.requirements[0]!.status).toBe("satisfied");
    expect(t.agent).toMatchObject({ exitCode: 0, timedOut: false, selfTerminated: true });
    expect(await readFile(join(base, "workspace", "out.txt"), "utf8")).toBe("Do t1.\n\nYou have 30 minutes.\n");
    const log = await readFile(join(base, "process.log"), "utf8");
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout working on t1$/m);
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stderr to stderr$/m);
    expect(t.trace).toMatchObject({ format: "log" });
  });

  it("starts from a template folder or a template repository at a ref", async () => {
    const template = await makeWorkspace({ "README.md": "from the template\n" });
    const viaDir = await run("tpl-dir", `env: [MODE], template: { dir: "${template}" }`, { MODE: "ok" });
    expect(await readFile(join(viaDir.base, "workspace", "README.md"), "utf8")).toBe("from the template\n");
    const gitEnv = {
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    };
    await execa(
      "sh",
      [
        "-c",
        "git init -q -b main && git add -A && git commit -qm one && " +
          "git tag v1 && echo two > README.md && git commit -qam two",
      ],
      { cwd: template, env: gitEnv },
    );
    const viaRepo = await run("tpl-repo", `env: [MODE], template: { repo: "${template}", ref: v1 }`, { MODE: "ok" });
    expect(await readFile(join(viaRepo.base, "workspace", "README.md"), "utf8")).toBe("from the template\n");
    expect(viaRepo.report.candidates[0]!.tasks[0]!.requirements[0]!.status).toBe("satisfied");
  });

  it("sees only the allow-listed environment: a secret of the judge's never reaches it", async () => {
    const { base } = await run("env", "env: [MODE, PASSED_ON]", {
      MODE: "ok",
      PASSED_ON: "yes-please",
      OPENAI_API_KEY: "sk-judge-secret-123",
      AWS_SECRET_ACCESS_KEY: "aws-secret-456",
    });
    const env = await readFile(join(base, "workspace", "env.txt"), "utf8");
    expect(env).toContain("PASSED_ON=yes-please");
    expect(env).not.toContain("sk-judge-secret-123");
    expect(env).not.toContain("aws-secret-456");
    expect(env).not.toMatch(/^OPENAI_API_KEY=/m);
    expect(env).toMatch(/^HOME=.*\/agents\/a\/t1\/home$/m);
  });

  it("a hanging agent is killed at its time limit with its whole process tree; the workspace is still judged", async () => {
    const started = Date.now();
    const { r, report } = await run("hang", "env: [MODE], timeout: 1", { MODE: "hang" });
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    const t = report.candidates[0]!.tasks[0]!;
    expect(t.agent).toMatchObject({ timedOut: true, selfTerminated: false });
    expect(t.requirements[0]!.status).toBe("satisfied"); // it wrote out.txt before hanging
    expect(r.stdout).toContain("killed after the 1s limit");
    expect(execSync("ps -eo args").toString()).not.toContain("sleep 301.7");
    expect(report.candidates[0]!.metrics.selfTermination).toBe(0);
  });

  it("an agent that fails still leaves a workspace to judge; a command that does not exist is said plainly", async () => {
    const { report } = await run("fail", "env: [MODE]", { MODE: "fail" });
    expect(report.candidates[0]!.tasks[0]!.agent).toMatchObject({ exitCode: 3, selfTerminated: true });
    expect(report.warnings).toContain("a/t1: agent exited 3");
    await writeConfig(
      dir,
      `suites: [suite]\ncandidates:\n  - { name: a, kind: command, run: "no-such-agent-binary --go" }\n`,
    );
    await devjudgeInProcess(["run", "--output", join(dir, "missing")], { cwd: dir });
    const log = await readFile(join(dir, "missing", "agents", "a", "t1", "process.log"), "utf8");
    expect(log).toMatch(/no-such-agent-binary: (command )?not found/);
    const missing = await readReportFile(join(dir, "missing"));
    expect(missing.candidates[0]!.tasks[0]!.agent?.exitCode).toBe(127);
    expect(missing.candidates[0]!.tasks[0]!.requirements[0]!.status).toBe("unsatisfied");
  });
});

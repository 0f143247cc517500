import { stat } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";
import { makeWorkspace } from "../../helpers/workspace.js";

const gitEnv = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
};
const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd, env: gitEnv }).then((r) => r.stdout.trim());

describe("git candidates", () => {
  let dir: string;
  let repo: string;
  let v1: string;

  beforeAll(async () => {
    dir = await tempDir();
    repo = await makeWorkspace({ "workspaces/t1/a.txt": "first\n", "trajectories/t1.json": "[]" });
    await git(repo, "init", "-q", "-b", "main");
    await git(repo, "add", "-A");
    await git(repo, "commit", "-qm", "v1");
    await git(repo, "tag", "v1");
    v1 = await git(repo, "rev-parse", "HEAD");
    await makeWorkspace({});
    await execa("sh", ["-c", "echo second > workspaces/t1/b.txt"], { cwd: repo });
    await git(repo, "add", "-A");
    await git(repo, "commit", "-qm", "v2");
    await writeSuite(dir, {
      t1: `requirements:
  - { id: 0, criteria: a, category: x, checks: [ { exists: a.txt } ] }
  - { id: 1, criteria: b, category: x, checks: [ { exists: b.txt } ] }
`,
    });
  });

  const run = async (ref: string, out: string) => {
    await writeConfig(
      dir,
      `suites: [suite]\nwork_dir: work\ncandidates:\n  - { name: g, kind: git, repo: ${repo}, ` +
        `ref: "${ref}", path: "workspaces/{task}", trajectory: "trajectories/{task}.json" }\n`,
    );
    const r = await devjudgeInProcess(["run", "--output", join(dir, out)], { cwd: dir });
    // exit 3 is a run that completed with failed units: its report is written too
    return { r, report: r.code === 0 || r.code === 3 ? await readReportFile(join(dir, out)) : undefined };
  };
  const statuses = (report: Awaited<ReturnType<typeof run>>["report"]) =>
    report!.candidates[0]!.tasks[0]!.requirements.map((v) => v.status);

  it("checks out the workspace at a tag, then at a branch, without cloning again", async () => {
    const a = await run("v1", "run-a");
    expect(a.r.code).toBe(0);
    expect(a.r.stdout).toContain("cloning");
    expect(statuses(a.report)).toEqual(["satisfied", "unsatisfied"]);
    expect(a.report!.candidates[0]!.tasks[0]!.trace).toMatchObject({ format: "devai", steps: 0 });
    const cloneDir = (await execa("sh", ["-c", "ls -d work/git/*/repo"], { cwd: dir })).stdout.trim();
    const before = (await stat(join(dir, cloneDir, ".git"))).ino;

    const b = await run("main", "run-b");
    expect(b.r.code).toBe(0);
    expect(b.r.stdout).not.toContain("cloning");
    expect(statuses(b.report)).toEqual(["satisfied", "satisfied"]);
    expect((await stat(join(dir, cloneDir, ".git"))).ino).toBe(before);

    const c = await run(v1, "run-c");
    expect(statuses(c.report)).toEqual(["satisfied", "unsatisfied"]);
  });

  it("a ref the repository does not have fails the task with the cause; every requirement gets an error verdict", async () => {
    const { r, report } = await run("no-such-ref", "run-d");
    expect(r.code).toBe(3);
    const t = report!.candidates[0]!.tasks[0]!;
    expect(t.status).toBe("failed");
    expect(t.error).toContain("has no ref 'no-such-ref'");
    expect(t.requirements.map((v) => v.status)).toEqual(["error", "error"]);
  });
});

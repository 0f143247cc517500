import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { execa } from "execa";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { historyProject } from "./project.js";

describe("run history in SQLite", () => {
  it("records each finished run and lists them newest first with the change from the previous run", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello", "b.txt": "" });
    await p.green(true);
    expect((await p.run("r1", ["--db", p.db])).code).toBe(0);
    await p.workspace({ "a.txt": "bye" });
    expect((await p.run("r2", ["--db", p.db])).code).toBe(0);

    const json = await devjudge(["history", "--db", p.db, "--json"]);
    expect(json.code).toBe(0);
    const { runs } = JSON.parse(json.stdout);
    expect(runs).toHaveLength(2);
    // newest first: r2 lost #1 and #2 (a.txt no longer says hello)
    expect(runs[0].candidates[0]).toEqual({
      name: "solo",
      reqMetI: 50,
      reqMetD: 50,
      solveRate: 0,
      coverage: { judged: 4, total: 4 },
      cost: 0,
    });
    expect(runs[1].candidates[0]).toMatchObject({ reqMetI: 100, reqMetD: 100, solveRate: 100 });
    expect(Object.keys(runs[0]).sort()).toEqual(["candidates", "runId", "startedAt"]);
    expect(Date.parse(runs[0].startedAt)).toBeGreaterThanOrEqual(Date.parse(runs[1].startedAt));

    const table = await devjudgeInProcess(["history", "--db", p.db, "--last", "1"]);
    expect(table.stdout).toMatch(/main@sha-r2\s+solo\s+50\.00\s+-50\.00\s+50\.00\s+-50\.00\s+0\.00\s+100\.0%/);
    expect(table.stdout).not.toContain("sha-r1");
  });

  it("imports run folders (twice keeps one copy) and exports JSON lines; the workspace hashes and git are kept beside the report", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello" });
    expect((await p.run("r1", ["--no-history"])).code).toBe(0);
    expect(existsSync(p.db)).toBe(false);
    expect(existsSync(join(dir, ".devjudge/history.db"))).toBe(false);
    // a run recorded later takes git from the environment, when the run folder did not keep it
    const imp = await devjudgeInProcess(["history", "import", join(dir, "r1"), "--db", p.db], {
      env: { GITHUB_REF_NAME: "main", GITHUB_SHA: "sha-r1" },
    });
    expect(imp.stderr).toBe("");
    expect(imp.stdout).toMatch(/recorded \S+: 1 candidate\(s\), 4 verdict\(s\)/);
    expect((await devjudgeInProcess(["history", "import", join(dir, "r1"), "--db", p.db])).code).toBe(0);
    const { workspaces: hashes, git } = JSON.parse(await readFile(join(dir, "r1", "history-context.json"), "utf8"));
    expect(git).toEqual({ commit: "sha-r1", branch: "main" });
    expect(hashes["solo/chain"]).toMatch(/^[0-9a-f]{64}$/);

    const exp = await devjudgeInProcess(["history", "export", "--db", p.db]);
    const lines = exp.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const [run] = lines;
    expect(run).toMatchObject({ gitBranch: "main", judge: { name: "static" }, shard: null });
    expect(run.candidates[0].identity).toEqual({ path: join(dir, "ws/{task}") });
    expect(
      run.candidates[0].verdicts.map((v: { requirement: string; status: string; workspaceHash: string }) => [
        v.requirement,
        v.status,
        v.workspaceHash,
      ]),
    ).toEqual([
      ["0", "satisfied", hashes["solo/chain"]],
      ["1", "satisfied", hashes["solo/chain"]],
      ["2", "satisfied", hashes["solo/chain"]],
      ["3", "unsatisfied", hashes["solo/chain"]],
    ]);
  });

  it("records a git candidate's repo, ref and the commit it resolved to", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    const repo = join(dir, "agent-repo");
    await mkdir(join(repo, "ws", "chain"), { recursive: true });
    await writeFile(join(repo, "ws", "chain", "a.txt"), "hello");
    const git = (...args: string[]) => execa("git", args, { cwd: repo });
    await git("init", "-q", "-b", "nightly");
    await git("add", ".");
    await git("commit", "-qm", "work");
    const sha = (await git("rev-parse", "HEAD")).stdout.trim();
    await writeFile(
      p.config,
      (await readFile(p.config, "utf8")).replace(
        /candidates:[\s\S]*$/,
        `candidates:\n  - { name: gitty, kind: git, repo: ${repo}, ref: nightly, path: "ws/{task}" }\n`,
      ),
    );
    expect((await p.run("r1", ["--db", p.db])).code).toBe(0);
    const [run] = (await devjudgeInProcess(["history", "export", "--db", p.db])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(run.candidates[0]).toMatchObject({
      name: "gitty",
      kind: "git",
      identity: { repo, ref: "nightly", commit: sha },
    });
  });

  it("records to the project's default .devjudge/history.db, and to history.db from the project file", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello" });
    expect((await p.run("r1")).code).toBe(0);
    expect(existsSync(join(dir, ".devjudge/history.db"))).toBe(true);
    await writeFile(p.config, `${await readFile(p.config, "utf8")}history: { db: nightly.db }\n`);
    expect((await p.run("r2")).code).toBe(0);
    const { runs } = JSON.parse(
      (await devjudgeInProcess(["history", "--json", "--db", join(dir, "nightly.db")])).stdout,
    );
    expect(runs).toHaveLength(1);
  });
});

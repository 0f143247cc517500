import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classify } from "../../../harness/history/classify.js";
import { passHatK } from "../../../harness/history/flaky.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { historyProject } from "./project.js";

describe("pass^k and change classes", () => {
  it("estimates pass^k as C(c,k)/C(n,k)", () => {
    expect(passHatK(3, 3, 3)).toBe(1);
    expect(passHatK(2, 3, 2)).toBeCloseTo(1 / 3);
    expect(passHatK(4, 5, 2)).toBeCloseTo(6 / 10);
    expect(passHatK(1, 3, 2)).toBe(0);
    expect(passHatK(2, 2, 3)).toBeNull();
  });

  it("puts a changed workspace before a changed judge, and calls neither changing noise", () => {
    const side = (status: "satisfied" | "unsatisfied", ws: string | null, judge = "j", suite = "s") => ({
      status,
      workspaceHash: ws,
      judgeHash: judge,
      suiteHash: suite,
    });
    expect(classify(side("satisfied", "w1"), side("unsatisfied", "w2", "j2"))).toBe("agent");
    expect(classify(side("satisfied", "w1"), side("unsatisfied", "w1", "j2"))).toBe("judge");
    expect(classify(side("satisfied", "w1"), side("unsatisfied", "w1", "j", "s2"))).toBe("judge");
    expect(classify(side("satisfied", "w1"), side("unsatisfied", "w1"))).toBe("noise");
    expect(classify(side("satisfied", null), side("unsatisfied", "w1"))).toBe("unknown");
  });
});

describe("flaky judgments and the gate against the last run of a branch", () => {
  it("separates judge noise (c) from regressions of the agent's work (a), and explains dependants through the requirement graph", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    const db = ["--db", p.db];
    const feature = { GITHUB_REF_NAME: "feature" };
    await p.workspace({ "a.txt": "hello", "b.txt": "" });
    // three nightly runs of main on the same work: the unstable check #3 flips twice
    for (const [out, green] of [
      ["r1", true],
      ["r2", false],
      ["r3", true],
    ] as const) {
      await p.green(green);
      expect((await p.run(out, db)).code).toBe(0);
    }
    const flaky = await devjudgeInProcess(["history", "flaky", "--json", "-k", "2", ...db]);
    expect(flaky.code).toBe(0);
    const { flaky: list } = JSON.parse(flaky.stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      candidate: "solo",
      task: "chain",
      requirement: "3",
      runs: 3,
      comparable: 2,
      noiseFlips: 2,
      flipRate: 1,
      trials: 3,
      flips: { agent: 0, judge: 0, noise: 2, unknown: 0 },
    });
    expect(list[0].passK).toBeCloseTo(1 / 3);
    const table = await devjudgeInProcess(["history", "flaky", ...db]);
    expect(table.stdout).toMatch(/solo\/chain#3\s+100%\s+2\/2/);

    // a feature branch breaks a.txt: #1 regresses and takes its dependant #2 with it
    await p.workspace({ "a.txt": "bye", "b.txt": "" });
    expect((await p.run("r4", db, feature)).code).toBe(0);
    const gate = await devjudge([
      "diff",
      join(dir, "r4"),
      "--against",
      "last",
      "--branch",
      "main",
      "--fail-on-regression",
      ...db,
    ]);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain("base: ");
    expect(gate.stdout).toMatch(/solo\/chain#1: satisfied → unsatisfied  \(a\) the agent's work changed/);
    expect(gate.stdout).toContain(
      "2 regression(s) of the agent's work (class a), from 1 requirement(s):\n " +
        " solo/chain#1: satisfied → unsatisfied\n    explains its dependant(s) #2",
    );
    const json = JSON.parse(
      (await devjudgeInProcess(["diff", join(dir, "r4"), "--against", "last", "--branch", "main", "--json", ...db]))
        .stdout,
    );
    expect(json.regressions).toEqual([
      {
        candidate: "solo",
        task: "chain",
        id: "1",
        from: "satisfied",
        to: "unsatisfied",
        class: "agent",
        dependants: ["2"],
      },
    ]);
    expect(json.metrics.solo.reqMetI).toEqual({ base: 100, next: 50, delta: -50 });

    // the same work as main's last run, but the unstable check fails: noise, which does not fail the gate
    await p.workspace({ "a.txt": "hello", "b.txt": "" });
    await p.green(false);
    expect((await p.run("r5", db, feature)).code).toBe(0);
    const noisy = await devjudgeInProcess([
      "diff",
      join(dir, "r5"),
      "--against",
      "last",
      "--branch",
      "main",
      "--fail-on-regression",
      ...db,
    ]);
    expect(noisy.stderr).toBe("");
    expect(noisy.code).toBe(0);
    expect(noisy.stdout).toContain("solo/chain#3: satisfied → unsatisfied  (c) judge noise");
    expect(noisy.stdout).not.toContain("regression(s) of the agent's work");

    // the criteria changed (another suite): the judge changed, class (b)
    await historyProject(dir, "A file named a.txt is present.");
    expect((await p.run("r6", db, feature)).code).toBe(0);
    const judged = JSON.parse(
      (await devjudgeInProcess(["diff", join(dir, "r6"), "--against", "last", "--branch", "main", "--json", ...db]))
        .stdout,
    );
    expect(judged.flips).toEqual([
      { candidate: "solo", task: "chain", id: "3", from: "satisfied", to: "unsatisfied", class: "judge" },
    ]);

    // the latest run of any branch is r6 itself, left out: r5 is the base
    const any = JSON.parse(
      (await devjudgeInProcess(["diff", join(dir, "r6"), "--against", "last", "--json", ...db])).stdout,
    );
    expect(any.base.runId).not.toBe(any.next.runId);
    expect(any.flips).toEqual([]);
  });

  it("says there is nothing to compare with when the branch has no recorded run", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello" });
    expect((await p.run("r1", ["--no-history"])).code).toBe(0);
    const r = await devjudgeInProcess([
      "diff",
      join(dir, "r1"),
      "--against",
      "last",
      "--branch",
      "main",
      "--fail-on-regression",
      "--db",
      p.db,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no recorded run of branch main");
    const bad = await devjudgeInProcess(["diff", join(dir, "r1"), "--against", "yesterday", "--db", p.db]);
    expect(bad.code).toBe(2);
  });
});

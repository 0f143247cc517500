import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDevai } from "../../../harness/devai/import-devai.js";
import { loadSuite } from "../../../harness/tasks/load-suite.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { makeWorkspace } from "../../helpers/workspace.js";
import { SKIP_DEVAI, devai, skipDevai, tempDir } from "../../helpers/paths.js";

describe.skipIf(skipDevai)(`DevAI import (${skipDevai ? SKIP_DEVAI : "../shared/devai"})`, () => {
  it("yields 55 tasks, 365 requirements, 125 preferences that pass validate, dropping task 45's self-loops", async () => {
    const out = await tempDir();
    const r = await devjudge(["import", "devai", devai(), "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("imported 55 task(s), 365 requirement(s), 125 preference(s)");
    expect(r.stderr).toContain(
      "warning: 45_Product_Recommendation_MatrixFactorization_AmazonReviews_ML: " +
        "requirement 3 lists itself as a prerequisite; dropped that self-loop",
    );
    expect(r.stderr).toContain("requirement 4 lists itself as a prerequisite");
    expect((await readdir(out)).filter((f) => f.endsWith(".yaml"))).toHaveLength(55);

    const v = await devjudgeInProcess(["validate", out]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^ok: 55 task\(s\), 365 requirement\(s\), 125 preference\(s\)/m);

    const { suite } = await loadSuite(out);
    const t45 = suite.tasks.find((t) => t.id.startsWith("45_"))!;
    expect(t45.requirements.map((q) => q.prerequisites)).toEqual([[], [0], [], [0, 2], [0, 2, 3], [0, 2, 3, 4]]);
    const t39 = suite.tasks.find((t) => t.id === "39_Drug_Response_Prediction_SVM_GDSC_ML")!;
    const original = JSON.parse(await readFile(join(devai(), "instances", `${t39.id}.json`), "utf8"));
    expect(t39.query).toBe(original.query);
    expect(t39.requirements.map((q) => [q.id, q.category, q.criteria])).toEqual(
      original.requirements.map((q: { requirement_id: number; category: string; criteria: string }) => [
        q.requirement_id,
        q.category,
        q.criteria,
      ]),
    );
    expect(t39.flags.trainingNeeded).toBe(true);
    expect(t39.constraints).toMatch(/^This is a task that requires you to write, execute, and save source code\./);
    expect(t39.constraints).toContain("Keep the time limit in mind");
  });

  it("merges our checks overlay for DevAI tasks, and refuses one naming a task that does not exist", async () => {
    const out = await tempDir();
    const r = await devjudgeInProcess([
      "import",
      "devai",
      devai(),
      "--out",
      out,
      "--checks",
      "tasks/devai-checks.yaml",
    ]);
    expect(r.code).toBe(0);
    const { suite, diagnostics } = await loadSuite(out);
    expect(diagnostics).toEqual([]);
    const t39 = suite.tasks.find((t) => t.id.startsWith("39_"))!;
    expect(t39.requirements.filter((q) => q.checks.length).length).toBeGreaterThan(0);

    const bad = await makeWorkspace({ "overlay.yaml": "99_Nope: { 0: [ { exists: a } ] }\n" });
    const r2 = await devjudgeInProcess([
      "import",
      "devai",
      devai(),
      "--out",
      join(out, "second"),
      "--checks",
      join(bad, "overlay.yaml"),
    ]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("checks overlay: no DevAI task named 99_Nope");
    await expect(readdir(join(out, "second"))).rejects.toThrow();
  });
});

describe("DevAI import errors", () => {
  it("a cycle other than a self-loop fails the import and writes nothing", async () => {
    const inst = {
      name: "01_Cyclic",
      query: "q",
      tags: [],
      requirements: [
        { requirement_id: 0, prerequisites: [1], criteria: "a", category: "Other" },
        { requirement_id: 1, prerequisites: [0], criteria: "b", category: "Other" },
      ],
      preferences: [],
    };
    const dir = await makeWorkspace({ "instances/01_Cyclic.json": JSON.stringify(inst) });
    const r = await importDevai(dir);
    expect(r.errors).toEqual([`${join(dir, "instances", "01_Cyclic.json")}: prerequisite cycle: 0 → 1 → 0`]);
    const out = join(dir, "out");
    const cli = await devjudge(["import", "devai", dir, "--out", out]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("nothing written");
  });

  it("a folder without instances/ is a clear error", async () => {
    const dir = await tempDir();
    expect((await importDevai(dir)).errors).toEqual([
      `${join(dir, "instances")}: no such folder (expected DevAI's instances/*.json)`,
    ]);
  });
});

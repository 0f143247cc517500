import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../../harness/events/types.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { cliPath, tempDir } from "../../helpers/paths.js";
import { readJournalEvents, readReportFile, verdictMap, writeConfig, writeSuite } from "../../helpers/project.js";
import { makeWorkspace } from "../../helpers/workspace.js";

/** A slow suite: every requirement runs a command check that takes a moment, so a run can be killed midway. */
async function slowProject() {
  const dir = await tempDir();
  const reqs = Array.from(
    { length: 8 },
    (_, i) =>
      `  - { id: ${i}, criteria: r${i}, category: x, checks: [ ` +
      `{ command: { run: "sleep 0.15; test -f f${i % 3}" } } ] }`,
  ).join("\n");
  await writeSuite(dir, { t1: `requirements:\n${reqs}\n`, t2: `requirements:\n${reqs}\n` });
  const ws = await makeWorkspace({ "t1/f0": "", "t1/f1": "", "t2/f2": "" });
  await writeConfig(
    dir,
    `suites: [suite]\nconcurrency: 1\ncandidates:\n  - { name: a, kind: dir, ` +
      `path: "${ws}/{task}" }\n  - { name: b, kind: dir, path: "${ws}/{task}" }\n`,
  );
  return dir;
}

const judgedKeys = (events: RunEvent[]) =>
  events
    .filter((e) => e.type === "item.judged")
    .map((e) => (e.type === "item.judged" ? `${e.candidate}/${e.task}/${e.kind}/${e.id}` : ""));

describe("journal and --resume", () => {
  let dir: string;
  let baseline: Record<string, string>;

  beforeAll(async () => {
    dir = await slowProject();
    expect((await devjudgeInProcess(["run", "--output", join(dir, "whole")], { cwd: dir })).code).toBe(0);
    baseline = verdictMap(await readReportFile(join(dir, "whole")));
  });

  it("a run killed midway and resumed (twice) ends with the uninterrupted run's verdicts, none judged twice; a torn line is tolerated", async () => {
    const out = join(dir, "killed");
    for (const killAfter of [3, 14]) {
      const args = killAfter === 3 ? ["run", "--output", out] : ["run", "--resume", out];
      const child = execa("node", [cliPath, ...args], { cwd: dir, reject: false, env: { CI: "true" } });
      // wait until the journal holds enough verdicts, then kill without warning
      for (;;) {
        await new Promise((r) => setTimeout(r, 50));
        const n = judgedKeys(await readJournalEvents(out).catch(() => [])).length;
        if (n >= killAfter) break;
      }
      child.kill("SIGKILL");
      await child;
      // as if killed mid-write
      await appendFile(join(out, "journal.jsonl"), '{"type":"item.judged","candidate":"a","ta');
    }
    const before = judgedKeys(await readJournalEvents(out)).length;
    expect(before).toBeGreaterThanOrEqual(14);
    expect(before).toBeLessThan(32);

    const resumed = await devjudgeInProcess(["run", "--resume", out], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resuming: \d+ item\(s\) already judged, \d+ to go/);
    expect(resumed.stdout).toContain("torn last line ignored");

    const keys = judgedKeys(await readJournalEvents(out));
    expect(keys).toHaveLength(32); // 2 candidates × 2 tasks × 8 requirements
    expect(new Set(keys).size).toBe(32); // nothing judged twice
    expect(verdictMap(await readReportFile(out))).toEqual(baseline);
  });

  it("report.json can be rebuilt from the journal alone", async () => {
    const out = join(dir, "whole");
    const original = await readReportFile(out);
    await rm(join(out, "report.json"));
    const r = await devjudgeInProcess(["report", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rebuilt from the journal");
    const rebuilt = await readReportFile(out);
    expect(verdictMap(rebuilt)).toEqual(verdictMap(original));
    expect(rebuilt.candidates.map((c) => c.metrics.reqMetI)).toEqual(original.candidates.map((c) => c.metrics.reqMetI));
  });

  it("an output folder that holds a run is not overwritten; --resume on a folder without a journal is an input error", async () => {
    const again = await devjudgeInProcess(["run", "--output", join(dir, "whole")], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already holds a run; use --resume");
    const none = await devjudgeInProcess(["run", "--resume", join(dir, "nothing-here")], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no journal to resume from");
  });
});

describe("shards", () => {
  it("--shard i/N runs disjoint slices; devjudge merge gives the unsharded run's verdicts and metrics", async () => {
    const dir = await tempDir();
    const tasks = Object.fromEntries(
      Array.from({ length: 7 }, (_, i) => [
        `task${i}`,
        `requirements:\n  - { id: 0, criteria: c, category: A, checks: [ { exists: "f${i % 3}" } ] }\n  ` +
          `- { id: 1, criteria: d, category: B, prerequisites: [0], checks: [ { exists: "g${i % 2}" } ] }\n`,
      ]),
    );
    await writeSuite(dir, tasks);
    const ws = await makeWorkspace(
      Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [
          [`task${i}/f0`, ""],
          [`task${i}/g1`, ""],
        ]).flat(),
      ),
    );
    await writeConfig(
      dir,
      `suites: [suite]\ncandidates:\n` +
        `${["x", "y", "z"].map((n) => `  - { name: ${n}, kind: dir, path: "${ws}/{task}" }`).join("\n")}\n`,
    );
    expect((await devjudgeInProcess(["run", "--output", "whole"], { cwd: dir })).code).toBe(0);
    for (const i of [1, 2, 3])
      expect((await devjudgeInProcess(["run", "--shard", `${i}/3`, "--output", `s${i}`], { cwd: dir })).code).toBe(0);
    const shards = await Promise.all([1, 2, 3].map((i) => readReportFile(join(dir, `s${i}`))));
    const units = shards.map((r) => r.candidates.reduce((n, c) => n + c.tasks.length, 0));
    expect(units.reduce((a, b) => a + b)).toBe(21);
    expect(units.every((n) => n > 0 && n < 21)).toBe(true);
    expect(shards[0]!.shard).toEqual({ index: 1, total: 3 });

    const m = await devjudgeInProcess(["merge", "s1", "s2", "s3", "--output", "merged"], { cwd: dir });
    expect(m.code).toBe(0);
    const merged = await readReportFile(join(dir, "merged"));
    const whole = await readReportFile(join(dir, "whole"));
    expect(verdictMap(merged)).toEqual(verdictMap(whole));
    const headline = (r: typeof whole) =>
      r.candidates.map((c) => ({
        name: c.name,
        tasks: c.tasks.map((t) => t.task),
        ...c.counts,
        I: c.metrics.reqMetI,
        D: c.metrics.reqMetD,
        solved: c.metrics.solveRate,
        cats: c.metrics.categories,
      }));
    expect(headline(merged)).toEqual(headline(whole));

    const overlap = await devjudgeInProcess(["merge", "s1", "s1", "--output", "bad"], { cwd: dir });
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain("the shards overlap");
    expect((await devjudgeInProcess(["run", "--shard", "4/3"], { cwd: dir })).code).toBe(2);
  });
});

describe("dependent mode", () => {
  it("skips a requirement whose direct prerequisite is unsatisfied, and what depends on it, with the reason", async () => {
    const dir = await tempDir();
    await writeSuite(dir, {
      t: `requirements:
  - { id: 0, criteria: a, category: x, checks: [ { exists: missing } ] }
  - { id: 1, criteria: b, category: x, prerequisites: [0], checks: [ { exists: here } ] }
  - { id: 2, criteria: c, category: x, prerequisites: [1], checks: [ { exists: here } ] }
  - { id: 3, criteria: d, category: x, checks: [ { exists: here } ] }
  - { id: 4, criteria: e, category: x, prerequisites: [3] }
`,
    });
    const ws = await makeWorkspace({ "t/here": "" });
    await writeConfig(
      dir,
      `suites: [suite]\nmode: dependent\ncandidates:\n  - { name: a, kind: dir, path: "${ws}/{task}" }\n`,
    );
    expect((await devjudgeInProcess(["run", "--output", "dep"], { cwd: dir })).code).toBe(0);
    const dep = await readReportFile(join(dir, "dep"));
    expect(dep.mode).toBe("dependent");
    expect(
      dep.candidates[0]!.tasks[0]!.requirements.map((v) => [
        v.status,
        v.reason.startsWith("prerequisite") ? v.reason : "",
      ]),
    ).toEqual([
      ["unsatisfied", ""],
      ["skipped", "prerequisite #0 is unsatisfied"],
      ["skipped", "prerequisite #1 is skipped"],
      ["satisfied", ""],
      ["undecided", ""],
    ]);
    expect(dep.candidates[0]!.metrics).toMatchObject({
      reqMetI: 20,
      reqMetD: 20,
      counts: { skipped: 2, satisfied: 1, unsatisfied: 1, undecided: 1 },
    });
    expect((await devjudgeInProcess(["run", "--output", "indep", "--mode", "independent"], { cwd: dir })).code).toBe(0);
    const indep = await readReportFile(join(dir, "indep"));
    expect(indep.candidates[0]!.tasks[0]!.requirements.map((v) => v.status)).toEqual([
      "unsatisfied",
      "satisfied",
      "satisfied",
      "satisfied",
      "undecided",
    ]);
    // #2 counts for (D): its prerequisite #1 is satisfied
    expect(indep.candidates[0]!.metrics).toMatchObject({ reqMetI: 60, reqMetD: 40 });
  });
});

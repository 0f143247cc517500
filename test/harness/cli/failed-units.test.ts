import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { readJournalEvents, readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";
import { makeWorkspace } from "../../helpers/workspace.js";

/**
 * One candidate whose workspaces exist and one whose path template names a placeholder that does not
 * exist ({task_id}): the second's units fail, and must never read as a judged 0 %.
 */
async function project() {
  const dir = await tempDir();
  const reqs = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `  - { id: ${i}, criteria: r${i}, category: x, checks: [ { exists: f${i} } ] }`,
    ).join("\n");
  await writeSuite(dir, { t1: `requirements:\n${reqs(3)}\n`, t2: `requirements:\n${reqs(2)}\n` });
  const ws = await makeWorkspace({ "t1/f0": "", "t1/f1": "", "t1/f2": "", "t2/f0": "" });
  await writeConfig(
    dir,
    `suites: [suite]\ncandidates:\n  - { name: good, kind: dir, path: ` +
      `"${ws}/{task}" }\n  - { name: lost, kind: dir, path: "${ws}/{task_id}" }\n`,
  );
  return dir;
}

describe("failed units are coverage, not a judged 0 %", () => {
  let dir: string;
  let first: Awaited<ReturnType<typeof devjudge>>;

  beforeAll(async () => {
    dir = await project();
    first = await devjudge(["run", "--output", join(dir, "run1")], { cwd: dir });
  });

  it("exits 3 naming the failed units, and the metrics are over judged requirements only", async () => {
    expect(first.code).toBe(3);
    expect(first.stderr).toContain("not fully judged: lost: 0/5 judged (0.00%), 2 failed unit(s)");
    expect(first.stdout).toMatch(/lost: coverage 0\/5 judged \(0\.00%\)/);
    expect(first.stdout).toContain("failed lost/t1: path template");
    expect(first.stdout).toContain("names an unknown placeholder {task_id}");
    expect(first.stdout).toMatch(/^lost +2 +0\/5 +– +– +– /m);
    const report = await readReportFile(join(dir, "run1"));
    const good = report.candidates.find((c) => c.name === "good")!;
    const lost = report.candidates.find((c) => c.name === "lost")!;
    expect(good.coverage).toMatchObject({ judged: 5, total: 5, errors: 0 });
    expect(good.metrics.reqMetI).toBe(80);
    expect(lost.coverage).toMatchObject({ judged: 0, total: 5, errors: 5 });
    expect(lost.coverage.failedUnits.map((f) => f.task)).toEqual(["t1", "t2"]);
    expect(lost.metrics.judged).toBe(0);
    expect(report.coverage).toMatchObject({ judged: 5, total: 10 });
  });

  it("the summary, JUnit and HTML state the coverage and the failed units with their cause", async () => {
    const summary = await readFile(join(dir, "run1", "summary.md"), "utf8");
    expect(summary).toContain("coverage 5/10 judged (50.00%)");
    expect(summary).toMatch(/failed lost\/t1: /);
    const junit = await readFile(join(dir, "run1", "junit.xml"), "utf8");
    expect(junit).toContain('<property name="candidate.coverage" value="0/5 judged (0.00%)"/>');
    expect(junit).toMatch(/<property name="unit.failed" value="path template [^"]*\{task_id\}/);
    const html = await readFile(join(dir, "run1", "index.html"), "utf8");
    expect(html).toContain('<td class="num" data-coverage>0/5</td>');
  });

  it("--allow-errors accepts the run; --fail-under then still fails on coverage below 100 %", async () => {
    const allowed = await devjudgeInProcess(["run", "--output", join(dir, "run2"), "--allow-errors"], { cwd: dir });
    expect(allowed.code).toBe(0);
    const gated = await devjudgeInProcess(
      ["run", "--output", join(dir, "run3"), "--allow-errors", "--fail-under", "reqMetI=50"],
      { cwd: dir },
    );
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain("below threshold: lost: coverage 0/5 judged (0.00%) < 100%");
    expect(gated.stderr).not.toContain("good: coverage");
  });

  it("a resumed run shows the earlier progress too, counted once", async () => {
    const fresh = await devjudgeInProcess(
      ["run", "--candidate", "good", "--output", join(dir, "fresh"), "--ui", "plain"],
      {
        cwd: dir,
      },
    );
    expect(fresh.code).toBe(0);
    // cut the journal after the first unit, as if the run had been killed there
    const events = await readJournalEvents(join(dir, "fresh"));
    const firstDone = events.findIndex((e) => e.type === "task.finished");
    const cut = events.slice(0, firstDone + 1);
    await writeFile(join(dir, "fresh", "journal.jsonl"), cut.map((e) => JSON.stringify(e)).join("\n") + "\n");
    const resumed = await devjudgeInProcess(["run", "--resume", join(dir, "fresh"), "--ui", "plain"], { cwd: dir });
    expect(resumed.code).toBe(0);
    const doneLines = (out: string) =>
      out
        .split("\n")
        .filter((l) => l.startsWith("done "))
        .sort();
    expect(doneLines(resumed.stdout)).toEqual(doneLines(fresh.stdout));
    expect(doneLines(resumed.stdout)).toHaveLength(2);
    expect(resumed.stdout).toContain("devjudge run ");
    expect(resumed.stdout).toMatch(/resuming: \d+ item\(s\) already judged/);
    // the replayed events are not written to the journal a second time
    const after = await readJournalEvents(join(dir, "fresh"));
    expect(after.filter((e) => e.type === "run.started")).toHaveLength(1);
    const judgedKeys = after
      .filter((e) => e.type === "item.judged")
      .map((e) => (e.type === "item.judged" ? `${e.task}#${e.id}` : ""));
    expect(new Set(judgedKeys).size).toBe(judgedKeys.length);
  });
});

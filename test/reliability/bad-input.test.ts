import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { tempDir } from "../helpers/paths.js";
import { readReportFile, writeConfig } from "../helpers/project.js";
import { makeWorkspace } from "../helpers/workspace.js";

const TASK =
  "id: t\nquery: q\nrequirements:\n  - { id: 0, criteria: a file, category: x, checks: [ { exists: a.txt } ] }\n " +
  " - { id: 1, criteria: text in it, category: x, checks: [ { contains: { path: '*.txt', pattern: caf } } ] }\n";

/** A project whose suite file and candidate workspaces the case decides. */
async function project(suiteText: string, candidates: string) {
  const dir = await tempDir();
  await mkdir(join(dir, "suite"));
  await writeFile(join(dir, "suite", "t.yaml"), suiteText);
  await writeConfig(dir, `suites: [suite]\ncandidates:\n${candidates}`);
  return dir;
}

describe("bad input: a clear error naming the file (and line), the documented exit code, nothing already judged lost", () => {
  const refused: [string, string, RegExp][] = [
    ["malformed YAML", "id: t\nquery: [unclosed\n", /suite\/t\.yaml:\d+:\d+ YAML syntax: /],
    [
      "wrong types",
      "id: t\nquery: 5\nrequirements: [{ id: 0, criteria: c, category: x }]\n",
      /suite\/t\.yaml:2:8 query: expected string, got integer/,
    ],
    [
      "a cycle",
      "id: t\nquery: q\nrequirements:\n  - { id: 0, criteria: a, category: x, " +
        "prerequisites: [1] }\n  - { id: 1, criteria: b, category: x, prerequisites: [0] }\n",
      /suite\/t\.yaml:4:\d+ requirements\[0\]\.prerequisites: prerequisite cycle: 0 → 1 → 0/,
    ],
  ];
  for (const [name, text, error] of refused) {
    it(`${name}: exit 2, nothing judged`, async () => {
      const ws = await makeWorkspace({ "a.txt": "x" });
      const dir = await project(text, `  - { name: a, kind: dir, path: "${ws}" }\n`);
      const r = await devjudgeInProcess(["run", "--output", "out"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(error);
      expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
      expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }

  it("an empty suite: exit 2 naming the folder", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "suite"));
    await writeConfig(dir, `suites: [suite]\ncandidates:\n  - { name: a, kind: dir, path: "x/{task}" }\n`);
    const r = await devjudgeInProcess(["run"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "suite")}:1:1 no task files (*.yaml, *.yml) in this folder`);
  });

  it("a missing workspace, an empty one, an invalid and a huge trajectory, non-UTF-8 files, a command that does not exist: the run goes on, each said plainly", async () => {
    const good = await makeWorkspace({ "a.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) }); // latin-1 "café"
    const empty = await makeWorkspace({});
    const traces = await makeWorkspace({
      "bad.json": '[{"step": 0, "agent": {}}]',
      "huge.json": JSON.stringify(
        Array.from({ length: 20_000 }, (_, i) => ({
          step: i,
          user_message: null,
          agent: { thought: "t".repeat(400), action: "a" },
          environment: "e".repeat(400),
          step_usage: {
            input_tokens: 1,
            output_tokens: 1,
            model: "m",
            cost: 0,
            llm_inference_time: 0,
            step_execution_time: 0,
          },
          accumulated_usage: { accumulated_cost: 0, accumulated_time: 0 },
        })),
      ),
    });
    const dir = await project(
      TASK,
      `  - { name: missing, kind: dir, path: "${join(empty, "nope")}" }
  - { name: empty, kind: dir, path: "${empty}" }
  - { name: badtrace, kind: dir, path: "${good}", trajectory: "${traces}/bad.json" }
  - { name: hugetrace, kind: dir, path: "${good}", trajectory: "${traces}/huge.json" }
  - { name: nocommand, kind: command, run: "no-such-agent-xyz --go" }
`,
    );
    const r = await devjudgeInProcess(["run", "--output", "out"], { cwd: dir });
    // the run goes on past every bad input; the failed units make it incomplete (exit 3)
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("not fully judged: missing: 0/2 judged (0.00%), 1 failed unit(s)");
    expect(r.stdout).toContain(`failed missing/t: workspace not found: ${join(empty, "nope")}`);
    // a trace that is there but unreadable fails its unit with the cause, in one line naming the file and line
    expect(r.stdout).toMatch(
      new RegExp(
        `failed badtrace/t: trace unreadable: ${traces.replaceAll("/", "\\/")}/bad\\.json:1:\\d+ ` +
          `\\[0\\]: missing required field 'user_message'`,
      ),
    );
    expect(r.stdout).toContain("warning nocommand/t: agent exited 127");
    const report = await readReportFile(join(dir, "out"));
    const by = Object.fromEntries(report.candidates.map((c) => [c.name, c.tasks[0]!]));
    expect(by.missing!.requirements.map((v) => v.status)).toEqual(["error", "error"]);
    expect(by.empty!.requirements.map((v) => v.status)).toEqual(["unsatisfied", "unsatisfied"]);
    expect(by.badtrace!.status).toBe("failed");
    expect(by.badtrace!.requirements.map((v) => v.status)).toEqual(["error", "error"]);
    expect(by.badtrace!.trace).toBeUndefined();
    expect(by.hugetrace!.trace).toMatchObject({ steps: 20_000 });
    // latin-1 text searched
    expect(by.hugetrace!.requirements.map((v) => v.status)).toEqual(["satisfied", "satisfied"]);
    expect(by.nocommand!.agent).toMatchObject({ exitCode: 127 });
    expect(by.nocommand!.requirements.map((v) => v.status)).toEqual(["unsatisfied", "unsatisfied"]);
  });

  it("a journal with an unreadable line in the middle: skipped with a warning naming the line; the run still resumes", async () => {
    const ws = await makeWorkspace({ "a.txt": "caf" });
    const dir = await project(
      TASK,
      `  - { name: a, kind: dir, path: "${ws}" }\n  - { name: b, kind: dir, path: "${ws}" }\n`,
    );
    expect((await devjudgeInProcess(["run", "--output", "out"], { cwd: dir })).code).toBe(0);
    const { readFile } = await import("node:fs/promises");
    const lines = (await readFile(join(dir, "out", "journal.jsonl"), "utf8")).split("\n");
    // corrupt a line in the middle, and drop the last unit's verdicts so there is work left
    const keep = lines.filter(
      (l) => !(l.includes('"item.judged"') && l.includes('"candidate":"b"')) && !l.includes('"run.finished"'),
    );
    keep.splice(2, 0, "%%% not json %%%");
    await writeFile(join(dir, "out", "journal.jsonl"), keep.join("\n"));
    const r = await devjudgeInProcess(["run", "--resume", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/journal\.jsonl:3: unreadable line skipped/);
    expect(r.stdout).toContain("resuming: 2 item(s) already judged, 2 to go");
  });
});

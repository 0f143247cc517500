import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJudgmentSets } from "../../../harness/compare/read-sets.js";
import type { Report } from "../../../harness/report/types.js";
import { loadSuite } from "../../../harness/tasks/load-suite.js";
import { itemKey } from "../../../harness/tasks/types.js";
import { validateReport } from "../../../harness/util/validators.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { repoRoot, tempDir } from "../../helpers/paths.js";

describe("devjudge run on the demo (the README's demo command)", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof devjudge>>;
  let report: Report;

  beforeAll(async () => {
    out = join(await tempDir(), "run");
    run = await devjudge(["run", "--output", out]);
    report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
  });

  it("exits 0, prints a line per task and a summary, and writes a report that validates against its schema", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^devjudge run \S+: \d+ task\(s\)/);
    expect(run.stdout).toContain("Summary (judge: static");
    expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true);
    expect(report.version).toBe(2);
  });

  it("judges every requirement and preference of every task for every candidate", async () => {
    const { suite } = await loadSuite(join(repoRoot, "tasks/demo"));
    expect(suite.tasks.length).toBeGreaterThanOrEqual(5);
    expect(report.candidates.map((c) => c.name)).toEqual(["ace", "halfway", "broken", "scripted"]);
    for (const c of report.candidates) {
      expect(c.tasks.map((t) => t.task)).toEqual(suite.tasks.map((t) => t.id));
      for (const t of c.tasks) {
        const task = suite.tasks.find((x) => x.id === t.task)!;
        expect(t.requirements.map((v) => v.id)).toEqual(task.requirements.map((r) => r.id));
        expect(t.preferences.map((v) => v.id)).toEqual(task.preferences.map((p) => p.id));
        expect(run.stdout).toContain(`done ${c.name}/${t.task} `);
        expect(t.trace?.format).toBe("devai");
      }
    }
  });

  it("matches the human labels wherever a requirement has checks, and is undecided where it has none", async () => {
    const { suite } = await loadSuite(join(repoRoot, "tasks/demo"));
    let compared = 0;
    for (const c of report.candidates.filter((x) => x.name !== "scripted")) {
      const [labels] = await readJudgmentSets(join(repoRoot, `seeds/labels/${c.name}.yaml`));
      for (const t of c.tasks) {
        const task = suite.tasks.find((x) => x.id === t.task)!;
        for (const v of t.requirements) {
          const req = task.requirements.find((r) => itemKey(r.id) === itemKey(v.id))!;
          const label = labels!.tasks
            .find((x) => x.task === t.task)
            ?.requirements.find((r) => itemKey(r.id) === itemKey(v.id))?.status;
          expect(label, `${c.name}/${t.task}#${v.id} has a label`).toBeDefined();
          if (req.checks.length === 0) {
            expect(v.status).toBe("undecided");
            continue;
          }
          compared++;
          expect(v.status, `${c.name}/${t.task}#${v.id}: ${v.reason}`).toBe(label);
        }
      }
      expect(c.labels?.decidedAgree).toBe(c.labels?.decided);
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("runs the scripted command agent: a fresh workspace, its DevAI trajectory, self-terminated", () => {
    const scripted = report.candidates.find((c) => c.name === "scripted")!;
    expect(scripted.kind).toBe("command");
    for (const t of scripted.tasks) {
      expect(t.agent).toMatchObject({ exitCode: 0, timedOut: false, selfTerminated: true });
      expect(t.trace?.format).toBe("devai");
      expect(t.workspace).toContain(`agents/scripted/${t.task}/workspace`);
    }
    expect(scripted.metrics.selfTermination).toBe(100);
    expect(scripted.metrics.reqMetI).toBe(report.candidates.find((c) => c.name === "ace")!.metrics.reqMetI);
  });

  it("devjudge compare pairs our labels files with the run's candidates by name", async () => {
    const r = await devjudgeInProcess([
      "compare",
      "--labels",
      "seeds/labels/halfway.yaml",
      "--verdicts",
      out,
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("for: ace · static, broken · static, scripted · static (skipped)");
    const cmp = JSON.parse(r.stdout);
    const halfway = report.candidates.find((c) => c.name === "halfway")!;
    expect(cmp.verdictsName).toBe("halfway · static");
    expect(cmp.requirements).toBe(46);
    // undecided verdicts count as disagreeing with a human label
    expect(cmp.alignment).toBe(Math.floor((10000 * halfway.labels!.agree) / 46) / 100);
    expect(cmp.verdicts.reqMetI).toBe(halfway.metrics.reqMetI);
    expect(cmp.unmatched).toEqual({ onlyInLabels: [], onlyInVerdicts: [] });
    const none = await devjudgeInProcess([
      "compare",
      "--labels",
      "seeds/labels/halfway.yaml",
      "--verdicts",
      "seeds/labels/ace.yaml",
    ]);
    expect(none.code).toBe(2);
  });

  it("the seeds stay untouched by command checks", () => {
    expect(existsSync(join(repoRoot, "seeds/workspaces/ace/py-wordfreq-cli/__pycache__"))).toBe(false);
  });
});

describe("devjudge run: input errors and other modes", () => {
  it("--ui json prints the event stream as JSON lines", async () => {
    const dir = await tempDir();
    const r = await devjudgeInProcess([
      "run",
      "--ui",
      "json",
      "--output",
      join(dir, "run"),
      "--suite",
      "tasks/demo/py-wordfreq-cli.yaml",
    ]);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0].type).toBe("run.started");
    expect(events.at(-1).type).toBe("run.finished");
    expect(events.filter((e) => e.type === "item.judged").length).toBeGreaterThan(0);
  });

  it("a suite with errors: exit 2, the errors printed with file:line:col, nothing judged", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "bad.yaml"),
      "id: x\nquery: q\nrequirements:\n  - { id: 0, criteria: c, category: x, prerequisites: [3] }\n",
    );
    const r = await devjudgeInProcess(["run", "--suite", join(dir, "bad.yaml"), "--output", join(dir, "run")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, "bad.yaml")}:4:56 requirements[0].prerequisites[0]: unknown requirement id 3`,
    );
    expect(existsSync(join(dir, "run"))).toBe(false);
  });

  it("a missing workspace gives error verdicts with the cause, and the rest is still judged", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "devjudge.yaml"),
      `suites: [${repoRoot}/tasks/demo/py-wordfreq-cli.yaml]
candidates:
  - { name: ghost, kind: dir, path: "nowhere/{task}" }
  - { name: ace, kind: dir, path: "${repoRoot}/seeds/workspaces/ace/{task}" }
`,
    );
    const r = await devjudgeInProcess(["run", "--output", join(dir, "run")], { cwd: dir });
    // a failed unit makes the run incomplete: exit 3 (--allow-errors accepts it)
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("failed ghost/py-wordfreq-cli: workspace not found: nowhere/py-wordfreq-cli");
    const report: Report = JSON.parse(await readFile(join(dir, "run", "report.json"), "utf8"));
    const ghost = report.candidates[0]!.tasks[0]!;
    expect(ghost.status).toBe("failed");
    expect(ghost.requirements.every((v) => v.status === "error" && v.reason.includes("workspace not found"))).toBe(
      true,
    );
    expect(report.candidates[1]!.counts.satisfied).toBeGreaterThan(0);
  });

  it("no project file: exit 2 and how to get one", async () => {
    const dir = await tempDir();
    const r = await devjudgeInProcess(["run"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("devjudge.yaml:1:1 no such file (run `devjudge init` to write one, or pass --config)");
  });

  it("a project file with errors points at the line", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "devjudge.yaml"), "suites: [a]\ncandidates:\n  - name: x\n    kind: ftp\n    path: p\n");
    const r = await devjudgeInProcess(["run"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "devjudge.yaml:4:11 candidates[0].kind: unknown kind 'ftp' (kind is one of: dir, git, command)",
    );
    const v = await devjudgeInProcess(["validate", "devjudge.yaml"], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(
      "devjudge.yaml:4:11 candidates[0].kind: unknown kind 'ftp' (kind is one of: dir, git, command)",
    );
  });

  it("usage errors exit 2; --help and --version exit 0", async () => {
    expect((await devjudge(["run", "--ui", "fancy"])).code).toBe(2);
    expect((await devjudge(["frobnicate"])).code).toBe(2);
    const help = await devjudge(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("validate");
    const version = await devjudge(["--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version);
  });
});

describe("devjudge validate", () => {
  it("exit 0 on the demo suite, exit 1 with every error on bad files", async () => {
    const ok = await devjudgeInProcess(["validate", "tasks/demo", "devjudge.yaml"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: 1 project file\(s\), 6 task\(s\), 46 requirement\(s\), 12 preference\(s\)/m);
    const dir = await tempDir();
    await writeFile(
      join(dir, "a.yaml"),
      "id: a\nquery: q\nrequirements:\n  - { id: 0, criteria: c, category: x, prerequisites: [0] }\n",
    );
    await writeFile(join(dir, "b.yaml"), "id: b\nrequirements: []\n");
    const bad = await devjudgeInProcess(["validate", dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout.split("\n").filter((l) => l.startsWith(dir))).toEqual([
      `${join(dir, "a.yaml")}:4:56 requirements[0].prerequisites[0]: requirement 0 lists itself as a prerequisite`,
      `${join(dir, "b.yaml")}:1:1 missing required field 'query'`,
      `${join(dir, "b.yaml")}:2:15 requirements: must have at least 1 item(s)`,
    ]);
  });
});

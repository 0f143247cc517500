import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateInputs } from "../../../harness/config/validate-inputs.js";
import { formatDiagnostic } from "../../../harness/core/diagnostics.js";
import { devjudge } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/paths.js";
import { writeSuite } from "../../helpers/project.js";

const task = (checks?: string) =>
  `requirements:\n  - { id: 0, criteria: c, category: x${checks ? `, checks: ${checks}` : ""} }\n`;

/** A project folder with a suite of two tasks (a, b) and agent workspaces for task a only. */
async function project(): Promise<string> {
  const dir = await tempDir();
  await writeSuite(dir, { a: task(), b: task() });
  await mkdir(join(dir, "ws/agent/a"), { recursive: true });
  await mkdir(join(dir, "traces/agent"), { recursive: true });
  await writeFile(join(dir, "traces/agent/a.json"), "[]");
  await writeFile(join(dir, "labels.yaml"), "tasks: {}\n");
  return dir;
}

const validate = async (paths: string[], projects: string[] = []) => {
  const r = await validateInputs(paths, projects);
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
};

describe("validate: a project file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project();
  });

  it("is recognised by its content, whatever its name, and its suites are validated with it", async () => {
    const file = join(dir, "devai.yaml");
    await writeFile(
      file,
      `suites: [suite]\ncandidates:\n  - { name: agent, kind: dir, path: "ws/agent/{task}", trajectory: ` +
        `"traces/agent/{task}.json", labels: labels.yaml }\n`,
    );
    const r = await validate([file]);
    expect(r.projectFiles).toBe(1);
    expect(r.tasks.map((t) => t.id)).toEqual(["a", "b"]);
    expect(r.lines).toEqual([
      `${file}:3:37 warning: candidates[0].path: no workspace for 1 of 2 task(s), whose units will fail: b`,
      `${file}:3:68 warning: candidates[0].trajectory: no trajectory for 1 of 2 task(s), judged black-box: b`,
    ]);
    // named on the command line too: its tasks are counted once
    expect((await validate([file, join(dir, "suite")])).tasks).toHaveLength(2);
  });

  it("--config takes a file as a project file whatever it holds", async () => {
    const odd = join(dir, "odd.yaml");
    await writeFile(odd, "id: t\nquery: q\n");
    expect((await validate([], [odd])).lines).toContain(
      `${odd}:1:1 id: unknown field 'id' (expected one of: suites, output, mode, concurrency, retries, cache, ` +
        `work_dir, history, judge, candidates)`,
    );
    // the same file given as a path is a task file
    expect((await validate([odd])).lines[0]).toBe(`${odd}:1:1 missing required field 'requirements'`);
  });

  it("reports the suite's own errors, and check paths that leave the workspace", async () => {
    const d = await tempDir();
    await writeSuite(d, {
      a: task("[{ exists: ../b/out.txt }, { contains: { path: /etc/passwd, pattern: root } }]"),
      b: "requirements: oops\n",
    });
    const file = join(d, "project.yaml");
    await writeFile(file, "suites: suite\ncandidates: [{ name: x, kind: command, run: agent }]\n");
    expect((await validate([file])).lines).toEqual([
      `${join(d, "suite/a.yaml")}:4:59 requirements[0].checks[0].exists: '../b/out.txt' leaves the workspace through ` +
        `'..'`,
      `${join(d, "suite/a.yaml")}:4:95 requirements[0].checks[1].contains.path: '/etc/passwd' is absolute; check ` +
        `paths are relative to the workspace`,
      `${join(d, "suite/b.yaml")}:3:15 requirements: expected array, got string`,
    ]);
  });

  it("a suite that is not there is an error at the line that names it", async () => {
    const file = join(dir, "missing-suite.yaml");
    await writeFile(
      file,
      "suites:\n  - suite\n  - suites/nope\ncandidates: [{ name: x, kind: command, run: agent }]\n",
    );
    expect((await validate([file])).lines).toEqual([
      `${file}:3:5 suites[1]: no such file or directory: ${join(dir, "suites/nope")}`,
    ]);
  });

  it("unknown placeholders in path templates are errors; a missing root is an error; a missing labels file a warning", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(
      file,
      `suites: [suite]
candidates:
  - name: typo
    kind: dir
    path: ws/agent/{task_id}
  - name: nobody
    kind: dir
    path: ws/nobody/{task}
    trajectory: traces/nobody/{task}.json
    labels: labels/nobody.yaml
  - name: fixed
    kind: dir
    path: ws/one-folder
  - name: remote
    kind: git
    repo: repos/missing
    path: "{agent}/{task}"
  - name: runner
    kind: command
    run: awk '{print}' {query_file} > {workspace}/out.txt; echo \${HOME} {task_name}
    trajectory: "{task}/{trajectory}.json"
    template: { dir: templates/none }
`,
    );
    expect((await validate([file])).lines).toEqual([
      `${file}:5:11 candidates[0].path: unknown placeholder '{task_id}' (a path template knows {task})`,
      `${file}:8:11 candidates[1].path: folder not found: ${join(dir, "ws/nobody")} (where ` +
        `'${join(dir, "ws/nobody/{task}")}' starts); no task would find its workspace`,
      `${file}:9:17 warning: candidates[1].trajectory: folder not found: ${join(dir, "traces/nobody")} (where ` +
        `'${join(dir, "traces/nobody/{task}.json")}' starts); every task would be judged black-box`,
      `${file}:10:13 warning: candidates[1].labels: not found: ${join(dir, "labels/nobody.yaml")} (agreement with ` +
        `labels is left out)`,
      `${file}:13:11 candidates[2].path: folder not found: ${join(dir, "ws/one-folder")}`,
      `${file}:16:11 candidates[3].repo: repository not found: ${join(dir, "repos/missing")}`,
      `${file}:17:11 candidates[3].path: unknown placeholder '{agent}' (a path template knows {task})`,
      `${file}:20:10 warning: candidates[4].run: '{task_name}' is not a placeholder devjudge fills ({workspace}, ` +
        `{query_file}, {trajectory_file}, {config_dir}, {task}); the shell gets it as written`,
      `${file}:21:17 candidates[4].trajectory: unknown placeholder '{trajectory}' (a path template knows {task})`,
      `${file}:22:22 candidates[4].template.dir: folder not found: ${join(dir, "templates/none")}`,
    ]);
  });
});

describe("devjudge validate (CLI)", () => {
  it("validates the README's devai.yaml by content, and with no path the project file of the current folder", async () => {
    const dir = await project();
    await writeFile(
      join(dir, "devai.yaml"),
      `suites: [suite]\ncandidates:\n  - { name: agent, kind: dir, path: "ws/agent/{task_id}" }\n`,
    );
    const bad = await devjudge(["validate", "devai.yaml"], { cwd: dir });
    expect(bad.stdout).toBe(
      "devai.yaml:3:37 candidates[0].path: unknown placeholder '{task_id}' (a path template knows {task})\n1 " +
        "error(s)",
    ); // execa drops the last newline
    expect(bad.code).toBe(1);
    await writeFile(
      join(dir, "devai.yaml"),
      `suites: [suite]\ncandidates:\n  - { name: agent, kind: dir, path: "ws/agent/{task}" }\n`,
    );
    const ok = await devjudge(["validate", "devai.yaml"], { cwd: dir });
    expect(ok.stdout).toMatch(
      new RegExp(
        String.raw`^devai\.yaml:3:37 warning: candidates\[0\]\.path: no workspace for 1 of 2 task\(s\),` +
          String.raw` whose units will fail: b\nok: 1 project file\(s\), 2 task\(s\), 2 requirement\(s\),` +
          String.raw` 0 preference\(s\), 1 warning\(s\) \(\d+ ms\)$`,
      ),
    );
    expect(ok.code).toBe(0);
    const none = await devjudge(["validate"], { cwd: dir });
    expect(none).toMatchObject({
      code: 2,
      stderr:
        "error: nothing to validate: give suite folders, task files or a project file (there is no ./devjudge.yaml)",
    });
  });
});

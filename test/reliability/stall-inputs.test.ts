import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudge } from "../helpers/cli.js";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { tempDir } from "../helpers/paths.js";
import { readReportFile, writeConfig } from "../helpers/project.js";
import { makeWorkspace } from "../helpers/workspace.js";

// Inputs that once stalled or killed a run (issue 18): each now gives one line, and a run goes on.

const TASK =
  "id: t\nquery: q\nrequirements:\n  - { id: 0, criteria: a file, category: x, checks: [ { exists: a.txt } ] }\n";
const step = (i: number, omit?: string) => {
  const s: Record<string, unknown> = {
    step: i,
    user_message: null,
    agent: { thought: "t".repeat(300), action: "a" },
    environment: "e".repeat(300),
    step_usage: {
      input_tokens: 1,
      output_tokens: 1,
      model: "m",
      cost: 0,
      llm_inference_time: 0,
      step_execution_time: 0,
    },
    accumulated_usage: { accumulated_cost: 0, accumulated_time: 0 },
  };
  if (omit) delete s[omit];
  return s;
};
const oneLine = (stderr: string) => stderr.trim().split("\n");

/** A billion-laughs YAML: each level refers nine times to the one before. */
function aliasBomb(head: string): string {
  const lines = [`${head}l0: &l0 [x, x, x, x, x, x, x, x, x]`];
  for (let i = 1; i < 12; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
}

describe("inputs that must not stall or kill a run", () => {
  it("--output on an existing file or where no folder can be made: one line, exit 2", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "taken"), "x");
    const cases: [string, RegExp][] = [
      [join(dir, "taken"), /^error: --output .*taken: .*taken is a file, not a folder; choose another --output$/],
      [
        join(dir, "taken", "run"),
        /^error: --output .*taken\/run: cannot make the run folder .*taken\/run \(ENOTDIR\); choose another --output$/,
      ],
      [
        "/proc/devjudge-x/run",
        new RegExp(
          String.raw`^error: --output /proc/devjudge-x/run: cannot make the run folder /proc/devjudge-x` +
            String.raw` \(ENOENT\); choose another --output$`,
        ),
      ],
    ];
    for (const [output, line] of cases) {
      const r = await devjudgeInProcess([
        "run",
        "--suite",
        "tasks/demo/py-wordfreq-cli.yaml",
        "--candidate",
        "ace",
        "--output",
        output,
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(line)]);
      expect(r.stderr).not.toContain("--resume");
    }
  });

  it("a YAML alias bomb in a task or in devjudge.yaml: one line with file:line, exit 2", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "suite"));
    await writeFile(join(dir, "suite", "t.yaml"), aliasBomb("id: t\nquery: q\nrequirements: []\n"));
    const suite = await devjudgeInProcess([
      "run",
      "--suite",
      join(dir, "suite"),
      "--candidate",
      "ace",
      "--output",
      join(dir, "o1"),
    ]);
    expect(suite.code).toBe(2);
    expect(suite.stderr).toContain(`${join(dir, "suite", "t.yaml")}:5:`);
    expect(suite.stderr).toContain("too many aliases expand here (an alias bomb?); not read");
    expect(suite.stderr).not.toMatch(/ReferenceError|    at /);
    await writeConfig(dir, aliasBomb("suites: [suite]\n"));
    const config = await devjudgeInProcess(["run", "--output", join(dir, "o2")], { cwd: dir });
    expect(config.code).toBe(2);
    expect(oneLine(config.stderr)).toEqual([
      expect.stringMatching(
        /^error: devjudge\.yaml:3:\d+ YAML syntax: too many aliases expand here \(an alias bomb\?\); not read$/,
      ),
    ]);
  });

  it("a large invalid trajectory, one over the size limit and a folder: one failed unit each with its cause, the run and its resume finish", async () => {
    const ws = await makeWorkspace({ "a.txt": "a" });
    const steps = Array.from({ length: 8000 }, (_, i) => step(i, i === 7000 ? "step_usage" : undefined));
    const traces = await makeWorkspace({
      "invalid.json": JSON.stringify(steps),
      "big.json": JSON.stringify(steps.slice(0, 4000)),
    });
    await mkdir(join(traces, "folder.json"));
    const dir = await tempDir();
    await mkdir(join(dir, "suite"));
    await writeFile(join(dir, "suite", "t.yaml"), TASK);
    await writeConfig(
      dir,
      `suites: [suite]\ncandidates:\n  - { name: invalid, kind: dir, path: "${ws}", trajectory: ` +
        `"${traces}/invalid.json" }\n  - { name: big, kind: dir, path: "${ws}", trajectory: "${traces}/big.json" ` +
        `}\n  - { name: folder, kind: dir, path: "${ws}", trajectory: "${traces}/folder.json" }\n`,
    );
    const env = { DEVJUDGE_MAX_TRACE_MB: "4" }; // invalid.json is about 6 MB, big.json half of it
    // a trace that is there but cannot be read fails its unit with a one-line cause (never a silent
    // black-box verdict): the run goes on and ends incomplete (exit 3)
    const r = await devjudge(["run", "--output", "out"], { cwd: dir, env: { DEVJUDGE_MAX_TRACE_MB: "8" } });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(
      /^failed invalid\/t: trace unreadable: .*invalid\.json:1:1 \/7000.*must have required property 'step_usage'$/m,
    );
    expect(r.stdout).toMatch(/^failed folder\/t: trace unreadable: .*folder\.json.*$/m);
    expect(r.stdout).not.toContain("failed big/t");
    const capped = await devjudge(["run", "--output", "out2"], { cwd: dir, env });
    expect(capped.stdout).not.toContain("failed big/t");
    expect(capped.stdout).toMatch(
      new RegExp(
        String.raw`^failed invalid/t: trace unreadable: trajectory .*invalid\.json is \d\.\d MB, over` +
          String.raw` the 4\.0 MB limit; not read$`,
        "m",
      ),
    );
    expect((await readReportFile(join(dir, "out"))).candidates.map((c) => c.tasks[0]!.requirements[0]!.status)).toEqual(
      ["error", "satisfied", "error"],
    );
    const resumed = await devjudge(["run", "--resume", "out2"], { cwd: dir, env });
    // the resume finishes (the bad units fail again, with the same cause)
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stdout).toMatch(/^failed invalid\/t: trace unreadable: /m);
  });
});

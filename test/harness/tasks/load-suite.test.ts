import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../harness/core/diagnostics.js";
import { loadSuite, loadTaskFile, parseTaskText } from "../../../harness/tasks/load-suite.js";
import { tempDir } from "../../helpers/paths.js";

const head = `id: t1
name: Task one
query: Build it.
`;

/** Diagnostics of one file's text, formatted as the CLI prints them. */
const lines = (text: string, file = "tasks/t1.yaml") => parseTaskText(file, text).diagnostics.map(formatDiagnostic);

describe("task files: errors name the file, line and column", () => {
  it("a valid task loads with its requirements, preferences and checks", () => {
    const { tasks, diagnostics } = parseTaskText(
      "t.yaml",
      `${head}tags: [CLI]
requirements:
  - id: 0
    criteria: A file exists.
    category: Other
    checks:
      - exists: a.txt
  - id: 1
    criteria: It has content.
    category: Other
    prerequisites: [0]
preferences:
  - id: 0
    criteria: Nice.
is_training_needed: true
`,
    );
    expect(diagnostics).toEqual([]);
    expect(tasks).toHaveLength(1);
    const t = tasks[0]!;
    expect(t.requirements.map((r) => r.prerequisites)).toEqual([[], [0]]);
    expect(t.requirements[0]!.checks).toEqual([{ exists: "a.txt" }]);
    expect(t.requirements[1]!.source).toEqual({ file: "t.yaml", line: 11, col: 5 });
    expect(t.flags).toEqual({ trainingNeeded: true, kaggleApiNeeded: false, webNavigationNeeded: false });
    expect(t.preferences).toHaveLength(1);
  });

  it("bad YAML syntax", () => {
    expect(lines(`${head}requirements:\n  - id: 0\n    criteria: "unclosed\n`)).toEqual([
      'tasks/t1.yaml:7:1 YAML syntax: Missing closing "quote',
    ]);
  });

  it("a duplicate key in a map", () => {
    expect(lines(`${head}query: again\nrequirements: []\n`)[0]).toMatch(
      /^tasks\/t1\.yaml:4:1 YAML syntax: Map keys must be unique/,
    );
  });

  it("a wrong type", () => {
    expect(lines(`id: t1\nquery: 42\nrequirements:\n  - { id: 0, criteria: c, category: x }\n`)).toEqual([
      "tasks/t1.yaml:2:8 query: expected string, got integer",
    ]);
  });

  it("a missing field points at the map that lacks it", () => {
    expect(lines(`id: t1\nrequirements:\n  - id: 0\n    criteria: c\n`)).toEqual([
      "tasks/t1.yaml:1:1 missing required field 'query'",
      "tasks/t1.yaml:3:5 requirements[0]: missing required field 'category'",
    ]);
  });

  it("an unknown field points at its key", () => {
    expect(lines(`${head}requirements:\n  - id: 0\n    criteria: c\n    category: x\n    weight: 3\n`)).toEqual([
      "tasks/t1.yaml:8:5 requirements[0].weight: unknown field 'weight' (expected one of: id, criteria, category, " +
        "prerequisites, checks)",
    ]);
  });

  it("an id that is not a slug, and an empty requirement list", () => {
    expect(lines(`id: "my task"\nquery: q\nrequirements: []\n`)).toEqual([
      "tasks/t1.yaml:1:5 id: 'my task' does not match ^[A-Za-z0-9][A-Za-z0-9_.-]*$",
      "tasks/t1.yaml:3:15 requirements: must have at least 1 item(s)",
    ]);
  });

  it("an unknown prerequisite", () => {
    expect(
      lines(`${head}requirements:\n  - id: 0\n    criteria: c\n    category: x\n    prerequisites: [9]\n`),
    ).toEqual(["tasks/t1.yaml:8:21 requirements[0].prerequisites[0]: unknown requirement id 9"]);
  });

  it("a duplicate requirement id", () => {
    expect(
      lines(`${head}requirements:\n  - { id: 1, criteria: a, category: x }\n  - { id: 1, criteria: b, category: x }\n`),
    ).toEqual(["tasks/t1.yaml:6:11 requirements[1].id: duplicate requirement id 1 (first used by requirements[0])"]);
  });

  it("a requirement that is its own prerequisite", () => {
    expect(lines(`${head}requirements:\n  - { id: 0, criteria: a, category: x, prerequisites: [0] }\n`)).toEqual([
      "tasks/t1.yaml:5:56 requirements[0].prerequisites[0]: requirement 0 lists itself as a prerequisite",
    ]);
  });

  it("a cycle, printed", () => {
    const text = `${head}requirements:
  - { id: a, criteria: a, category: x, prerequisites: [c] }
  - { id: b, criteria: b, category: x, prerequisites: [a] }
  - { id: c, criteria: c, category: x, prerequisites: [b] }
  - { id: d, criteria: d, category: x, prerequisites: [a] }
`;
    expect(lines(text)).toEqual([
      "tasks/t1.yaml:5:55 requirements[0].prerequisites: prerequisite cycle: a → c → b → a",
    ]);
  });

  it("bad check definitions: unknown kind, two kinds, no kind, bad regex, json without a test, command without run", () => {
    const text = `${head}requirements:
  - id: 0
    criteria: c
    category: x
    checks:
      - exist: a.txt
      - { exists: a, absent: b }
      - {}
      - contains: { path: a.py, pattern: "(" }
      - json: { path: r.json, pointer: /a }
      - command: { timeout: 5 }
      - command: { run: "true", timeout: -1 }
`;
    expect(lines(text)).toEqual([
      "tasks/t1.yaml:9:9 requirements[0].checks[0].exist: unknown check kind 'exist' (expected one of: exists, " +
        "absent, contains, json, command)",
      "tasks/t1.yaml:10:9 requirements[0].checks[1]: a check has exactly one kind, found: exists, absent",
      "tasks/t1.yaml:11:9 requirements[0].checks[2]: a check needs one kind (exists, absent, contains, json, " +
        "command)",
      "tasks/t1.yaml:12:42 requirements[0].checks[3].contains.pattern: invalid regular expression: /(/: " +
        "Unterminated " +
        "group",
      "tasks/t1.yaml:13:15 requirements[0].checks[4].json: needs one of: equals, min, max, present",
      "tasks/t1.yaml:14:18 requirements[0].checks[5].command: missing required field 'run'",
      "tasks/t1.yaml:15:42 requirements[0].checks[6].command.timeout: must be > 0",
    ]);
  });

  it("check paths that leave the workspace (.., absolute) are errors; a command's text is not a path", () => {
    const text = `${head}requirements:
  - id: 0
    criteria: c
    category: x
    checks:
      - exists: ../other-agent/out.txt
      - exists: { path: /etc/passwd, min_bytes: 1 }
      - absent: "src/../../x"
      - contains: { path: "**/../*.py", pattern: a }
      - json: { path: ./ok/../../r.json, pointer: /a, present: true }
      - exists: "src/..hidden/ok.txt"
      - command: { run: "cat ../x /etc/hosts" }
`;
    expect(lines(text)).toEqual([
      "tasks/t1.yaml:9:17 requirements[0].checks[0].exists: '../other-agent/out.txt' leaves the workspace through '..'",
      "tasks/t1.yaml:10:25 requirements[0].checks[1].exists.path: '/etc/passwd' is absolute; check paths are " +
        "relative " +
        "to the workspace",
      "tasks/t1.yaml:11:17 requirements[0].checks[2].absent: 'src/../../x' leaves the workspace through '..'",
      "tasks/t1.yaml:12:27 requirements[0].checks[3].contains.path: '**/../*.py' leaves the workspace through '..'",
      "tasks/t1.yaml:13:23 requirements[0].checks[4].json.path: './ok/../../r.json' leaves the workspace through '..'",
    ]);
  });

  it("a command's stdout is a regex or { pattern, flags }", () => {
    const check = (stdout: string) =>
      lines(
        `${head}requirements:\n  - { id: 0, criteria: c, category: x, checks: [{ command: { run: "true", stdout: ` +
          `${stdout} } }] }\n`,
      );
    expect(check('"^42$"')).toEqual([]);
    expect(check('{ pattern: "^ok$", flags: im }')).toEqual([]);
    expect(check('{ pattern: "(", flags: g }')).toEqual([
      "tasks/t1.yaml:5:94 requirements[0].checks[0].command.stdout.pattern: invalid regular expression: /(/: " +
        "Unterminated group",
      "tasks/t1.yaml:5:106 requirements[0].checks[0].command.stdout.flags: 'g' does not match ^[imsu]*$",
    ]);
    expect(check("{ flags: i }")).toEqual([
      "tasks/t1.yaml:5:83 requirements[0].checks[0].command.stdout: missing required field 'pattern'",
    ]);
  });

  it("reports every error of a file, in line order, not just the first", () => {
    const text = `id: t1
query: 7
requirements:
  - { id: 0, criteria: a, category: x, prerequisites: [5] }
  - { id: 0, criteria: b }
`;
    expect(lines(text)).toEqual([
      "tasks/t1.yaml:2:8 query: expected string, got integer",
      "tasks/t1.yaml:4:56 requirements[0].prerequisites[0]: unknown requirement id 5",
      "tasks/t1.yaml:5:5 requirements[1]: missing required field 'category'",
      "tasks/t1.yaml:5:11 requirements[1].id: duplicate requirement id 0 (first used by requirements[0])",
    ]);
  });

  it("a suite file with a tasks: list names the task index", () => {
    const text = `tasks:
  - id: ok
    query: q
    requirements: [{ id: 0, criteria: c, category: x }]
  - id: bad
    requirements: [{ id: 0, criteria: c, category: x }]
`;
    const r = parseTaskText("suite.yaml", text);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(["suite.yaml:5:5 tasks[1]: missing required field 'query'"]);
    expect(r.tasks.map((t) => t.id)).toEqual(["ok"]);
  });

  it("an empty file, and a file that is not UTF-8", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "empty.yaml"), "");
    await writeFile(join(dir, "latin1.yaml"), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]));
    expect((await loadTaskFile(join(dir, "empty.yaml"))).diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, "empty.yaml")}:1:1 the file is empty`,
    ]);
    expect((await loadTaskFile(join(dir, "latin1.yaml"))).diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, "latin1.yaml")}:1:1 not valid UTF-8 text`,
    ]);
  });
});

describe("suites", () => {
  it("loads a folder of task files in name order, and finds duplicate task ids across files", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "more"));
    const task = (id: string) => `id: ${id}\nquery: q\nrequirements: [{ id: 0, criteria: c, category: x }]\n`;
    await writeFile(join(dir, "b.yaml"), task("beta"));
    await writeFile(join(dir, "a.yml"), task("alpha"));
    await writeFile(join(dir, "more", "c.yaml"), task("alpha"));
    const { suite, diagnostics } = await loadSuite(dir);
    expect(suite.tasks.map((t) => t.id)).toEqual(["alpha", "beta", "alpha"]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, "more", "c.yaml")}:1:1 id: duplicate task id 'alpha' (also in ${join(dir, "a.yml")}:1)`,
    ]);
  });

  it("an empty folder and a missing path are errors", async () => {
    const dir = await tempDir();
    expect((await loadSuite(dir)).diagnostics.map(formatDiagnostic)).toEqual([
      `${dir}:1:1 no task files (*.yaml, *.yml) in this folder`,
    ]);
    expect((await loadSuite(join(dir, "nope"))).diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, "nope")}:1:1 no such file or directory`,
    ]);
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJudgmentSets } from "../../../harness/compare/read-sets.js";
import { labelAgreement } from "../../../harness/compare/label-agreement.js";
import { tempDir } from "../../helpers/paths.js";
import { renderJunit } from "../../../harness/report/render/junit.js";
import { renderSummaryMarkdown } from "../../../harness/report/render/summary-md.js";
import { validateReport } from "../../../harness/util/validators.js";
import { smallReport } from "../../fixtures/small-report.js";

describe("the small fixed report", () => {
  it("validates against the report schema", () => {
    expect(validateReport(smallReport()), JSON.stringify(validateReport.errors)).toBe(true);
  });
});

describe("summary.md", () => {
  const md = renderSummaryMarkdown(smallReport());

  it("has the candidate table with truncated metrics", () => {
    expect(md).toContain("# devjudge run `20260101-000000-abcd`");
    expect(md).toContain("Suite: `tasks/small` · 1 tasks · judge **static** · 2.0 s · coverage 5/6 judged (83.33%)");
    // alpha: 1/3 satisfied → 33.33; (D): #0 only → 33.33; beta's error is left out: 2/2 → 100, and solved is unknown
    expect(md).toContain(
      "| alpha | 3/3 | 33.33 | 33.33 | 0.00 | – | 1 | 1 | 1 | 0 | 0 | 0/0 | 0/0 | 0.0000 | 500 ms |",
    );
    expect(md).toContain("| beta | 2/3 | 100.00 | 100.00 | – | – | 2 | 0 | 0 | 1 | 0 | 0/0 | 0/0 | 0.0000 | 750 ms |");
    expect(md).toContain(
      "- beta: coverage 2/3 judged (66.66%); metrics are over the judged requirements only (1 error)",
    );
  });

  it("has the task grid, the categories and the problems with their reasons", () => {
    expect(md).toContain("| hello | 1/3 | 2/3 |");
    expect(md).toContain("| Behaviour | 0.00 (1) | 100.00 (1) |");
    expect(md).toContain(
      '- ❌ **alpha** · `hello` #1 It prints "hello"  \n  `python3 hello.py` output does not match /hello/',
    );
    expect(md).toContain("- ⚠️ **beta** · `hello` #2 It has tests  \n  check 1 (command) could not run: boom & <bang>");
    expect(md).not.toContain("Agreement with human labels");
  });

  it("shows a failing command with its output under its problem, not only the script", () => {
    expect(md).toContain(
      "  `python3 hello.py` output does not match /hello/\n  ```text\n  $ python3 hello.py\n  → exit 0\n  bye <3\n  " +
        "```\n",
    );
    const report = smallReport();
    const output = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n") + "\nuses ``` fences\n";
    const script = ["python3 - <<'EOF'", ...Array.from({ length: 8 }, (_, i) => `print(${i})`), "EOF"].join("\n");
    report.candidates[1]!.tasks[0]!.requirements[2]!.evidence = [
      { kind: "command", command: script, exitCode: 2, timedOut: false, output },
    ];
    // a command that passed before another check failed is not shown
    report.candidates[0]!.tasks[0]!.requirements[1]! = {
      ...report.candidates[0]!.tasks[0]!.requirements[1]!,
      reason: "check 2 (contains) failed: /hello/ not found in hello.py",
      evidence: [{ kind: "command", command: "python3 hello.py", exitCode: 0, timedOut: false, output: "hi\n" }],
    };
    const md2 = renderSummaryMarkdown(report);
    expect(md2).toContain("  check 2 (contains) failed: /hello/ not found in hello.py\n- ⚠️ **beta**");
    const block = md2.split("boom & <bang>\n")[1]!.split("\n\n")[0]!;
    expect(block).toBe(
      [
        "  ````text",
        "  $ python3 - <<'EOF'",
        ...[0, 1, 2, 3].map((i) => `  print(${i})`),
        "  … (5 more lines)",
        "  → exit 2",
        "  …",
        ...Array.from({ length: 11 }, (_, i) => `  line ${i + 30}`),
        "  uses ``` fences",
        "  ````",
      ].join("\n"),
    );
  });
});

describe("summary.md with labels", () => {
  it("lists every disagreement with label, verdict, requirement and the judge's reason", async () => {
    const file = join(await tempDir(), "alpha.yaml");
    await writeFile(
      file,
      "candidate: alpha\ntasks:\n  hello:\n    requirements:\n      0: satisfied\n      1: satisfied\n      2: " +
        "satisfied\n",
    );
    const report = smallReport();
    const alpha = report.candidates[0]!;
    alpha.labels = labelAgreement(alpha, (await readJudgmentSets(file))[0]!, file, report.suite.tasks);
    const md = renderSummaryMarkdown(report);
    expect(md).toContain("### Disagreements with labels (2)");
    expect(md).toContain(
      '- **alpha** · `hello` #1 label ✅ satisfied, verdict ❌ unsatisfied: It prints "hello"  \n  `python3 hello.py` ' +
        "output does not match /hello/",
    );
    expect(md).toContain(
      "- **alpha** · `hello` #2 label ✅ satisfied, verdict ❔ undecided: It has tests  \n  no deterministic check for " +
        "this requirement",
    );
    expect(renderSummaryMarkdown(report, 1)).toContain("- … and 1 more in report.json (labels.disagreements)");
  });
});

describe("junit.xml", () => {
  it("one testcase per requirement: unsatisfied → failure, error → error, undecided → skipped, escaped", () => {
    expect(renderJunit(smallReport())).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="devjudge 20260101-000000-abcd" tests="6" failures="1" errors="1" skipped="1" time="2.000">
  <testsuite name="alpha/hello" tests="3" failures="1" errors="0" skipped="1">
    <properties>
      <property name="candidate.coverage" value="3/3 judged (100.00%)"/>
    </properties>
    <testcase classname="alpha.hello" name="#0 \`hello.py\` exists" time="0.250"/>
    <testcase classname="alpha.hello" name="#1 It prints &quot;hello&quot;" time="0.250">
      <failure message="\`python3 hello.py\` output does not match /hello/" ` +
        `type="unsatisfied">$ python3 hello.py → 0</failure>
    </testcase>
    <testcase classname="alpha.hello" name="#2 It has tests" time="0.000">
      <skipped message="undecided: no deterministic check for this requirement"/>
    </testcase>
  </testsuite>
  <testsuite name="beta/hello" tests="3" failures="0" errors="1" skipped="0">
    <properties>
      <property name="candidate.coverage" value="2/3 judged (66.66%)"/>
    </properties>
    <testcase classname="beta.hello" name="#0 \`hello.py\` exists" time="0.250"/>
    <testcase classname="beta.hello" name="#1 It prints &quot;hello&quot;" time="0.250"/>
    <testcase classname="beta.hello" name="#2 It has tests" time="0.250">
      <error message="check 1 (command) could not run: boom &amp; &lt;bang&gt;" type="error"></error>
    </testcase>
  </testsuite>
</testsuites>
`,
    );
  });
});

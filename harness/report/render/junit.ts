import { formatCoverage } from "../coverage.js";
import type { Report } from "../types.js";

const xml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/** JUnit XML: a suite per candidate × task, a test case per requirement. */
export function renderJunit(report: Report): string {
  const defs = new Map(report.suite.tasks.map((t) => [t.id, t]));
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const c of report.candidates) {
    for (const t of c.tasks) {
      const cases: string[] = [];
      const counts = { failures: 0, errors: 0, skipped: 0 };
      for (const v of t.requirements) {
        const criteria = defs.get(t.task)?.requirements.find((r) => String(r.id) === String(v.id))?.criteria ?? "";
        const name = `#${v.id} ${criteria}`.slice(0, 200);
        const open =
          `    <testcase classname="${xml(`${c.name}.${t.task}`)}" name="${xml(name)}" ` +
          `time="${(v.durationMs / 1000).toFixed(3)}"`;
        const evidence = v.evidence
          .map((e) =>
            e.kind === "file"
              ? `${e.path}${e.startLine ? `:${e.startLine}` : ""}`
              : e.kind === "trace"
                ? `trace step ${e.step}`
                : e.kind === "command"
                  ? `$ ${e.command} → ${e.exitCode}`
                  : e.text,
          )
          .join("\n");
        if (v.status === "satisfied") cases.push(`${open}/>`);
        else if (v.status === "unsatisfied") {
          counts.failures++;
          cases.push(
            `${open}>\n      <failure message="${xml(v.reason)}" type="unsatisfied">` +
              `${xml(evidence)}</failure>\n    </testcase>`,
          );
        } else if (v.status === "error") {
          counts.errors++;
          cases.push(
            `${open}>\n      <error message="${xml(v.reason)}" type="error">${xml(evidence)}</error>\n    </testcase>`,
          );
        } else {
          counts.skipped++;
          cases.push(`${open}>\n      <skipped message="${xml(`${v.status}: ${v.reason}`)}"/>\n    </testcase>`);
        }
      }
      total += t.requirements.length;
      failures += counts.failures;
      errors += counts.errors;
      skipped += counts.skipped;
      // coverage travels with every suite, so a CI view of one unit still says how much of the run
      // was judged
      const props = [`      <property name="candidate.coverage" value="${xml(formatCoverage(c.coverage))}"/>`];
      if (t.status === "failed") props.push(`      <property name="unit.failed" value="${xml(t.error ?? "failed")}"/>`);
      suites.push(
        `  <testsuite name="${xml(`${c.name}/${t.task}`)}" tests="${t.requirements.length}" ` +
          `failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">\n` +
          `    <properties>\n${props.join("\n")}\n    </properties>\n${cases.join("\n")}\n  </testsuite>`,
      );
    }
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xml(`devjudge ${report.runId}`)}" tests="${total}" failures="${failures}" ` +
    `errors="${errors}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">\n` +
    `${suites.join("\n")}\n</testsuites>\n`
  );
}

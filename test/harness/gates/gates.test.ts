import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { candidateMetrics } from "../../../harness/report/candidate-metrics.js";
import type { Report } from "../../../harness/report/types.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { smallReport } from "../../fixtures/small-report.js";

async function writeRun(dir: string, report: Report) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "report.json"), JSON.stringify(report));
  return dir;
}

/** The small report with beta's requirement #1 no longer satisfied. */
function regressed(): Report {
  const r = smallReport();
  const beta = r.candidates[1]!;
  const v = beta.tasks[0]!.requirements[1]!;
  v.status = "unsatisfied";
  v.reason = "now broken";
  beta.metrics = candidateMetrics(beta, r.suite.tasks);
  return r;
}

describe("devjudge diff", () => {
  it("lists flipped verdicts and metric deltas; --fail-on-regression exits 1 on satisfied → unsatisfied", async () => {
    const dir = await tempDir();
    const base = await writeRun(join(dir, "base"), smallReport());
    const next = await writeRun(join(dir, "next"), regressed());
    const plain = await devjudgeInProcess(["diff", base, next]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("1 verdict(s) flipped\n  beta/hello#1: satisfied → unsatisfied");
    expect(plain.stdout).toMatch(/beta +100\.00 → 50\.00 \(-50\.00\)/);
    const gate = await devjudge(["diff", base, next, "--fail-on-regression"]);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain("beta/hello#1: satisfied → unsatisfied");
    expect(gate.stdout).toContain("beta: reqMetI fell 100.00 → 50.00 (-50.00 points, margin 0)");
    const json = JSON.parse((await devjudgeInProcess(["diff", base, next, "--json"])).stdout);
    expect(json.metrics.beta.reqMetD).toEqual({ base: 100, next: 50, delta: -50 });
  });

  it("no regression: exit 0 even with --fail-on-regression; improvements are not regressions", async () => {
    const dir = await tempDir();
    const a = await writeRun(join(dir, "a"), regressed());
    const b = await writeRun(join(dir, "b"), smallReport());
    const r = await devjudgeInProcess(["diff", a, b, "--fail-on-regression"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("beta/hello#1: unsatisfied → satisfied");
    expect(r.stdout).not.toContain("regression");
  });

  it("a metric fall within the margin is not a regression, beyond it is", async () => {
    const dir = await tempDir();
    const base = smallReport();
    const next = smallReport();
    next.candidates[0]!.tasks = []; // alpha judged nothing this time: no flips, but its metrics moved
    next.candidates[0]!.metrics = candidateMetrics(next.candidates[0]!, next.suite.tasks);
    const a = await writeRun(join(dir, "a"), base);
    const b = await writeRun(join(dir, "b"), next);
    expect((await devjudgeInProcess(["diff", a, b, "--fail-on-regression", "--margin", "40"])).code).toBe(0);
    const strict = await devjudgeInProcess(["diff", a, b, "--fail-on-regression", "--margin", "10"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("alpha: reqMetI fell 33.33 → 0.00");
    expect(strict.stdout).toContain("only in base: alpha/hello");
  });

  it("bad input: exit 2", async () => {
    const dir = await tempDir();
    expect((await devjudgeInProcess(["diff", join(dir, "nope"), join(dir, "nope2")])).code).toBe(2);
    const a = await writeRun(join(dir, "a"), smallReport());
    expect((await devjudgeInProcess(["diff", a, a, "--margin", "lots"])).code).toBe(2);
    await writeFile(join(dir, "old.json"), JSON.stringify({ version: 0 }));
    const old = await devjudgeInProcess(["diff", join(dir, "old.json"), a]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("report version 0 is not 2");
  });
});

describe("devjudge run --fail-under and devjudge report", () => {
  it("exits 1 naming every candidate below a threshold, 0 when all clear it, 2 for an unknown metric", async () => {
    const dir = await tempDir();
    const one = ["--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace", "halfway", "broken"];
    const below = await devjudge(["run", ...one, "--output", join(dir, "a"), "--fail-under", "reqMetI=50,solveRate=0"]);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/below threshold: halfway: reqMetI \d+\.\d\d < 50/);
    expect(below.stderr).toContain("below threshold: broken: reqMetI 0.00 < 50");
    expect(below.stderr).not.toContain("ace:");
    const ok = await devjudgeInProcess(["run", ...one, "--output", join(dir, "b"), "--fail-under", "reqMetI=0"]);
    expect(ok.code).toBe(0);
    const bad = await devjudgeInProcess(["run", "--fail-under", "accuracy=3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("metric one of reqMetI, reqMetD, solveRate, selfTermination, preferences");
  });

  it("every run writes summary.md, junit.xml and index.html; devjudge report rewrites them and appends to $GITHUB_STEP_SUMMARY", async () => {
    const dir = await tempDir();
    const run = await writeRun(join(dir, "run"), smallReport());
    const stepSummary = join(dir, "step-summary.md");
    await writeFile(stepSummary, "earlier step\n");
    const r = await devjudgeInProcess(["report", run], { env: { GITHUB_STEP_SUMMARY: stepSummary } });
    expect(r.code).toBe(0);
    expect(await readFile(join(run, "junit.xml"), "utf8")).toContain(
      '<testsuite name="alpha/hello" tests="3" failures="1"',
    );
    expect(await readFile(join(run, "index.html"), "utf8")).toMatch(/^<!doctype html>/);
    const summary = await readFile(join(run, "summary.md"), "utf8");
    expect(await readFile(stepSummary, "utf8")).toBe(`earlier step\n${summary}\n`);
    expect((await devjudgeInProcess(["report", join(dir, "missing")])).code).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { cohensKappa, compareSets, kappaOf } from "../../../harness/compare/compare.js";
import type { Config } from "../../../harness/config/types.js";
import type { RunEvent, RunManifest } from "../../../harness/events/types.js";
import { diffReports } from "../../../harness/gates/diff.js";
import { labelAgreement } from "../../../harness/compare/label-agreement.js";
import { computeMetrics, type JudgedTask } from "../../../harness/metrics/metrics.js";
import { candidateMetrics, judgedTasks } from "../../../harness/report/candidate-metrics.js";
import { ReportBuilder } from "../../../harness/report/build-report.js";
import { summaryNotes } from "../../../harness/report/notes.js";
import type { Task } from "../../../harness/tasks/types.js";
import type { VerdictStatus } from "../../../judges/types.js";
import { smallReport } from "../../fixtures/small-report.js";

const req = (id: number, status: VerdictStatus) => ({ id, status, prerequisites: [], category: "A" });

describe("metrics over judged requirements", () => {
  it("an error is left out of Req (I), Req (D) and the solve rate, instead of counting as not met", () => {
    const m = computeMetrics([
      { task: "t1", requirements: [req(0, "satisfied"), req(1, "error")], preferences: [] },
      { task: "t2", requirements: [req(0, "satisfied"), req(1, "satisfied")], preferences: [] },
    ]);
    expect(m.judged).toBe(3);
    expect(m.reqMetI).toBe(100);
    expect(m.reqMetD).toBe(100);
    // t1 cannot be called solved or not: only t2 is decided
    expect(m.decidedTasks).toBe(1);
    expect(m.solveRate).toBe(100);
    expect(m.counts.error).toBe(1);
  });

  it("a task with 1 of 8 requirements judged (a stopped run) is never counted as solved", () => {
    const partial: JudgedTask = { task: "t", expected: 8, requirements: [req(0, "satisfied")], preferences: [] };
    const m = computeMetrics([partial]);
    expect(m.solveRate).toBe(0);
    expect(m.decidedTasks).toBe(0);
    const whole = computeMetrics([{ ...partial, expected: 1 }]);
    expect(whole.solveRate).toBe(100);
  });

  it("a judged unsatisfied requirement settles a partial task as not solved", () => {
    const m = computeMetrics([{ task: "t", expected: 8, requirements: [req(0, "unsatisfied")], preferences: [] }]);
    expect(m.decidedTasks).toBe(1);
    expect(m.solveRate).toBe(0);
  });

  it("counts the tasks that undecided requirements alone keep from being solved", () => {
    const m = computeMetrics([
      { task: "a", requirements: [req(0, "satisfied"), req(1, "undecided")], preferences: [] },
      { task: "b", requirements: [req(0, "unsatisfied"), req(1, "undecided")], preferences: [] },
    ]);
    expect(m.blockedByUndecided).toBe(1);
    expect(m.counts.undecided).toBe(2);
    expect(m.solveRate).toBe(0);
  });
});

function task(id: string, n: number): Task {
  return {
    id,
    name: id,
    query: "q",
    requirements: Array.from({ length: n }, (_, i) => ({
      id: i,
      criteria: `r${i}`,
      category: "A",
      prerequisites: [],
      checks: [],
    })),
    preferences: [],
    source: { file: `${id}.yaml` },
  } as unknown as Task;
}

describe("coverage in the report", () => {
  const manifest: RunManifest = {
    runId: "r",
    outputDir: "/tmp/x",
    suitePaths: ["s"],
    tasks: [task("t1", 8), task("t2", 2), task("t3", 3)],
    candidates: [{ name: "c", kind: "dir" }],
    judge: "static",
    mode: "independent",
    config: {} as Config,
  };
  const at = 1;
  const judged = (t: string, id: number, status: VerdictStatus, reason = "x"): RunEvent => ({
    type: "item.judged",
    at,
    candidate: "c",
    task: t,
    kind: "requirement",
    id,
    verdict: { status, reason, evidence: [], confidence: 1, durationMs: 0, judge: "static" },
  });

  it("a stopped run: judged / total, failed units with their cause, and nothing unjudged counted as solved", () => {
    const events: RunEvent[] = [
      {
        type: "run.started",
        at,
        manifest,
        requirements: 13,
        preferences: 0,
        units: ["t1", "t2", "t3"].map((task) => ({ candidate: "c", task })),
      },
      judged("t1", 0, "satisfied"),
      { type: "task.failed", at, candidate: "c", task: "t2", error: "workspace not found: /nowhere/t2" },
      judged("t2", 0, "error", "workspace not found: /nowhere/t2"),
      judged("t2", 1, "error", "workspace not found: /nowhere/t2"),
    ];
    const report = ReportBuilder.fromEvents(events, "test").build(2);
    const c = report.candidates[0]!;
    expect(c.coverage).toEqual({
      judged: 1,
      total: 13,
      errors: 2,
      missing: 10,
      failedUnits: [{ task: "t2", cause: "workspace not found: /nowhere/t2" }],
    });
    expect(report.coverage.total).toBe(13);
    expect(c.metrics.reqMetI).toBe(100);
    expect(c.metrics.solveRate).toBe(0);
    const notes = summaryNotes(report).join("\n");
    expect(notes).toContain("c: coverage 1/13 judged (7.69%)");
    expect(notes).toContain("failed c/t2: workspace not found: /nowhere/t2");
  });
});

describe("one definition of agreement", () => {
  it("the report's alignment and kappa are compare's: undecided, error and skipped count as disagreement", async () => {
    const report = smallReport();
    // labels say every requirement is satisfied
    const labels = {
      name: "labels",
      source: "labels.yaml",
      tasks: [
        { task: "hello", requirements: [0, 1, 2].map((id) => ({ id, status: "satisfied" as const })), preferences: [] },
      ],
    };
    for (const c of report.candidates) {
      const a = labelAgreement(c, labels, "labels.yaml", report.suite.tasks);
      const cmp = compareSets(labels, {
        name: c.name,
        source: "report.json",
        tasks: judgedTasks(c, report.suite.tasks),
      });
      expect(a.alignment).toBe(cmp.alignment);
      expect(a.kappa).toBe(cmp.kappa);
      expect(a.labelled).toBe(3);
    }
    const alpha = labelAgreement(report.candidates[0]!, labels, "labels.yaml", report.suite.tasks);
    // alpha: satisfied, unsatisfied, undecided → 1 of 3 agree; decided-only 1 of 2
    expect(alpha).toMatchObject({ agree: 1, alignment: 33.33, decided: 2, decidedAgree: 1, decidedAlignment: 50 });
    expect(alpha.disagreements.map((d) => d.verdict)).toEqual(["unsatisfied", "undecided"]);
  });

  it("kappa is rounded, not truncated, to three decimals", () => {
    // po = 0.75, pe = 0.5 → 0.5 exactly; and one whose 4th decimal rounds up
    expect(
      cohensKappa([
        ["a", "a"],
        ["a", "a"],
        ["b", "b"],
        ["b", "a"],
      ]),
    ).toBe(0.5);
    const k = kappaOf({ s: { s: 40, u: 3 }, u: { s: 4, u: 14 } });
    const po = 54 / 61;
    const pe = (43 / 61) * (44 / 61) + (18 / 61) * (17 / 61);
    const exact = (po - pe) / (1 - pe);
    expect(k).toBe(Math.round(exact * 1000) / 1000);
    expect(Math.abs(k - exact)).toBeLessThanOrEqual(0.0005);
  });
});

describe("diff and errors", () => {
  it("satisfied → error is lost coverage, never a regression of the agent", () => {
    const base = smallReport();
    const next = smallReport();
    const beta = next.candidates[1]!;
    beta.tasks[0]!.requirements[0]!.status = "error";
    beta.metrics = candidateMetrics(beta, next.suite.tasks);
    const d = diffReports(base, next);
    expect(d.lostCoverage).toEqual(["beta/hello#0: satisfied → error"]);
    expect(d.regressions).toEqual([]);
  });
});

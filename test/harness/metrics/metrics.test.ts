import { describe, expect, it } from "vitest";
import { cohensKappa, compareSets } from "../../../harness/compare/compare.js";
import type { JudgmentSet } from "../../../harness/compare/judgment-types.js";
import { computeMetrics, truncate2, type JudgedTask } from "../../../harness/metrics/metrics.js";

const req = (
  id: number,
  status: "satisfied" | "unsatisfied" | "undecided" | "skipped",
  prerequisites: number[] = [],
  category = "A",
) => ({ id, status, prerequisites, category });

describe("truncate2", () => {
  it("truncates instead of rounding, without float artefacts", () => {
    expect(truncate2((100 * 1) / 55)).toBe(1.81);
    expect(truncate2((100 * 2) / 3)).toBe(66.66);
    expect(truncate2(0.29 * 100)).toBe(29);
    expect(truncate2(100)).toBe(100);
  });
});

describe("computeMetrics", () => {
  const tasks: JudgedTask[] = [
    // 0 ok; 1 ok but needs 0 → D; 2 ok but needs 3 (unsatisfied) → not D; 3 unsatisfied
    {
      task: "t1",
      requirements: [
        req(0, "satisfied"),
        req(1, "satisfied", [0]),
        req(2, "satisfied", [3], "B"),
        req(3, "unsatisfied", [], "B"),
      ],
      preferences: [{ id: 0, status: "satisfied" }],
      selfTerminated: true,
    },
    {
      task: "t2",
      requirements: [req(0, "satisfied"), req(1, "satisfied", [0])],
      preferences: [{ id: 0, status: "undecided" }],
      selfTerminated: false,
    },
    { task: "t3", requirements: [req(0, "undecided"), req(1, "skipped", [0])], preferences: [] },
  ];
  const m = computeMetrics(tasks);

  it("Req (I), Req (D) with direct prerequisites, solve rate, self-termination", () => {
    expect(m.requirements).toBe(8);
    expect(m.reqMetI).toBe(62.5); // 5/8
    expect(m.reqMetD).toBe(50); // 4/8: t1#2 needs the unsatisfied t1#3
    expect(m.solveRate).toBe(33.33); // t2 only
    expect(m.selfTermination).toBe(50);
    expect(m.counts).toEqual({ satisfied: 5, unsatisfied: 1, undecided: 1, error: 0, skipped: 1, total: 8 });
    expect(m.preferences).toEqual({ total: 2, satisfied: 1, rate: 50 });
  });

  it("per category", () => {
    expect(m.categories).toEqual([
      { category: "A", requirements: 6, satisfied: 4, reqMetI: 66.66, reqMetD: 66.66 },
      { category: "B", requirements: 2, satisfied: 1, reqMetI: 50, reqMetD: 0 },
    ]);
  });

  it("self-termination is null when no task says", () => {
    expect(
      computeMetrics([{ task: "x", requirements: [req(0, "satisfied")], preferences: [] }]).selfTermination,
    ).toBeNull();
  });
});

describe("Cohen's kappa", () => {
  it("matches a textbook value", () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po 0.7, pe 0.5 → kappa 0.4
    const pairs: [string, string][] = [
      ...Array<[string, string]>(20).fill(["y", "y"]),
      ...Array<[string, string]>(5).fill(["y", "n"]),
      ...Array<[string, string]>(10).fill(["n", "y"]),
      ...Array<[string, string]>(15).fill(["n", "n"]),
    ];
    expect(cohensKappa(pairs)).toBe(0.4);
    expect(
      cohensKappa([
        ["y", "y"],
        ["y", "y"],
      ]),
    ).toBe(1);
  });
});

describe("compareSets", () => {
  const set = (name: string, tasks: JudgmentSet["tasks"]): JudgmentSet => ({ name, source: name, tasks });

  it("matches by task and id, not by position, and lists what it could not match", () => {
    const labels = set("labels", [
      {
        task: "a",
        requirements: [
          { id: 0, status: "satisfied" },
          { id: 1, status: "unsatisfied" },
          { id: 7, status: "satisfied" },
        ],
        preferences: [],
      },
      { task: "only-labels", requirements: [{ id: 0, status: "satisfied" }], preferences: [] },
    ]);
    const verdicts = set("verdicts", [
      // reversed order; id 7 missing; id 9 extra
      {
        task: "a",
        requirements: [
          { id: 9, status: "satisfied", category: "X", prerequisites: [] },
          { id: 1, status: "unsatisfied", category: "X", prerequisites: [0] },
          { id: 0, status: "unsatisfied", category: "Y", prerequisites: [] },
        ],
        preferences: [],
      },
      { task: "only-verdicts", requirements: [{ id: 0, status: "satisfied" }], preferences: [] },
    ]);
    const c = compareSets(labels, verdicts);
    expect(c.requirements).toBe(2);
    expect(c.alignment).toBe(50);
    expect(c.confusion.satisfied!.unsatisfied).toBe(1);
    expect(c.confusion.unsatisfied!.unsatisfied).toBe(1);
    expect(c.unmatched).toEqual({ onlyInLabels: ["a#7", "only-labels#0"], onlyInVerdicts: ["a#9", "only-verdicts#0"] });
    expect(c.categories).toEqual([
      { category: "X", requirements: 1, alignment: 100 },
      { category: "Y", requirements: 1, alignment: 0 },
    ]);
    expect(c.labels.reqMetI).toBe(50);
    expect(c.verdicts.reqMetI).toBe(0);
    expect(c.shift.reqMetI).toBe(50);
  });
});

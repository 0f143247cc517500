import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../../harness/report/types.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { SKIP_DEVAI, devai, skipDevai, tempDir } from "../../helpers/paths.js";

const TASK = "39_Drug_Response_Prediction_SVM_GDSC_ML";

describe.skipIf(skipDevai)(`static judge on the real OpenHands workspace (${skipDevai ? SKIP_DEVAI : TASK})`, () => {
  it("decides the requirements our checks cover and agrees with the human labels on 4 of 5", async () => {
    const dir = await tempDir();
    const suite = join(dir, "suite");
    expect(
      (await devjudgeInProcess(["import", "devai", devai(), "--out", suite, "--checks", "tasks/devai-checks.yaml"]))
        .code,
    ).toBe(0);
    const config = join(dir, "devjudge.yaml");
    await writeFile(
      config,
      `suites: [suite/${TASK}.yaml]
candidates:
  - name: OpenHands
    kind: dir
    path: ${devai()}/workspaces/OpenHands/{task}
    trajectory: ${devai()}/trajectories/OpenHands/{task}.json
    labels: ${devai()}/judgments/OpenHands/human_as_a_judge
`,
    );
    const r = await devjudgeInProcess(["run", "--config", config, "--output", join(dir, "run")]);
    expect(r.code).toBe(0);
    const report: Report = JSON.parse(await readFile(join(dir, "run", "report.json"), "utf8"));
    const c = report.candidates[0]!;
    const statuses = Object.fromEntries(c.tasks[0]!.requirements.map((v) => [v.id, v.status]));
    expect(statuses).toEqual({
      0: "undecided",
      1: "satisfied",
      2: "satisfied",
      3: "satisfied",
      4: "unsatisfied",
      5: "unsatisfied",
      6: "undecided",
    });
    // The workspace wrote results/performance.txt, not results/metrics/performance.txt; the humans accepted it.
    // alignment counts the two undecided against the judge (as compare does); decided-only: 4 of 5
    expect(c.labels).toMatchObject({
      labelled: 7,
      agree: 4,
      alignment: 57.14,
      decided: 5,
      decidedAgree: 4,
      decidedAlignment: 80,
    });
    expect(c.labels!.disagreements).toContainEqual({ task: TASK, id: 4, label: "satisfied", verdict: "unsatisfied" });
    expect(c.labels!.disagreements.filter((d) => d.verdict === "undecided").map((d) => d.id)).toEqual([0, 6]);
    expect(c.tasks[0]!.trace).toMatchObject({ format: "devai", steps: 34 });
    const evidence = c.tasks[0]!.requirements.find((v) => v.id === 2)!.evidence[0];
    expect(evidence).toMatchObject({ kind: "file", path: "src/model.py", startLine: 7 });
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDevaiTrajectory } from "../../../harness/trace/read-devai.js";
import { SKIP_DEVAI, devai, skipDevai, tempDir } from "../../helpers/paths.js";

const step = (i: number, extra: object = {}) => ({
  step: i,
  user_message: i === 0 ? "do it" : null,
  agent: { thought: `t${i}`, action: `a${i}` },
  environment: `e${i}`,
  step_usage: {
    input_tokens: 10,
    output_tokens: 2,
    model: "m",
    cost: 0.5,
    llm_inference_time: 1,
    step_execution_time: 2,
  },
  accumulated_usage: { accumulated_cost: 0.5 * (i + 1), accumulated_time: 2 * (i + 1) },
  ...extra,
});

describe("DevAI trajectories", () => {
  it("are normalised into steps with usage and totals", async () => {
    const file = join(await tempDir(), "t.json");
    await writeFile(file, JSON.stringify([step(0), step(1)]));
    const t = await readDevaiTrajectory(file);
    expect(t.steps[1]).toMatchObject({
      index: 1,
      thought: "t1",
      action: "a1",
      observation: "e1",
      usage: { inputTokens: 10, outputTokens: 2, cost: 0.5 },
    });
    expect(t.totals).toMatchObject({
      inputTokens: 20,
      outputTokens: 4,
      cost: 1,
      costKnown: true,
      durationS: 4,
      steps: 2,
      toolCalls: 2,
    });
  });

  it("a step that does not fit the format is an error naming the file, line and field", async () => {
    const file = join(await tempDir(), "bad.json");
    const bad = step(1);
    delete (bad as Partial<typeof bad>).step_usage;
    await writeFile(file, JSON.stringify([step(0), bad], null, 2));
    await expect(readDevaiTrajectory(file)).rejects.toThrow(
      new RegExp(`${file}:23:3 \\[1\\]: missing required field 'step_usage'`),
    );
  });

  it("invalid JSON is an error with its position", async () => {
    const file = join(await tempDir(), "broken.json");
    await writeFile(file, '[{"step": 0,\n  "agent": }]');
    await expect(readDevaiTrajectory(file)).rejects.toThrow(/broken\.json:\d+:\d+ not valid JSON: Unexpected token/);
  });

  it.skipIf(skipDevai)(`reads the real OpenHands trajectory (${skipDevai ? SKIP_DEVAI : "task 39"})`, async () => {
    const t = await readDevaiTrajectory(
      join(devai(), "trajectories/OpenHands/39_Drug_Response_Prediction_SVM_GDSC_ML.json"),
    );
    expect(t.steps).toHaveLength(34);
    expect(t.steps[0]!.userMessage).toMatch(/^Develop a system to predict drug response/);
    expect(t.totals.inputTokens).toBe(t.steps.reduce((n, s) => n + (s.usage?.inputTokens ?? 0), 0));
  });
});

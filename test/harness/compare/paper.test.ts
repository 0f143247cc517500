import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { SKIP_DEVAI, devai, skipDevai } from "../../helpers/paths.js";

const judgments = (agent: string, who: string) => join(devai(), "judgments", agent, who);

/** The gray-box Agent-as-a-Judge row of Table 3 in Zhuge et al. (2024), and the human (D) values. */
const paper = {
  MetaGPT: { alignment: 92.07, reqMetI: 23.49, reqMetD: 6.01, humanD: 6.55 },
  OpenHands: { alignment: 90.16, reqMetI: 43.44, reqMetD: 28.14, humanD: 28.68 },
};

describe.skipIf(skipDevai)(
  `devjudge compare reproduces the paper's Table 3 (${skipDevai ? SKIP_DEVAI : "DevAI judgments"})`,
  () => {
    for (const [agent, want] of Object.entries(paper)) {
      it(
        `${agent}: alignment ${want.alignment}, judge Req (I) ` +
          `${want.reqMetI}, (D) ${want.reqMetD}, human (D) ${want.humanD}`,
        async () => {
          const r = await devjudgeInProcess([
            "compare",
            "--labels",
            judgments(agent, "human_as_a_judge"),
            "--verdicts",
            judgments(agent, "agent_as_a_judge/gray_box"),
            "--json",
          ]);
          expect(r.code).toBe(0);
          const out = JSON.parse(r.stdout);
          expect(out.requirements).toBe(366);
          expect(out.alignment).toBe(want.alignment);
          expect(out.verdicts.reqMetI).toBe(want.reqMetI);
          expect(out.verdicts.reqMetD).toBe(want.reqMetD);
          expect(out.labels.reqMetD).toBe(want.humanD);
          expect(out.shift.reqMetD).toBe(Math.round(Math.abs(want.reqMetD - want.humanD) * 100) / 100);
          expect(out.unmatched).toEqual({ onlyInLabels: [], onlyInVerdicts: [] });
          expect(out.kappa).toBeGreaterThan(0.7);
          expect(out.kappa).toBeLessThan(1);
          expect(typeof out.labels.solveRate).toBe("number");
        },
      );
    }

    it("prints several verdict sets side by side", async () => {
      const r = await devjudgeInProcess([
        "compare",
        "--labels",
        judgments("OpenHands", "human_as_a_judge"),
        "--verdicts",
        judgments("OpenHands", "agent_as_a_judge/gray_box"),
        judgments("OpenHands", "human_as_a_judge"),
      ]);
      expect(r.code).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines.find((l) => l.startsWith("OpenHands · agent_as_a_judge/gray_box  "))).toMatch(/ 366 +90\.16 /);
      expect(lines.find((l) => l.startsWith("OpenHands · human_as_a_judge  "))).toMatch(/ 366 +100\.00 +1\.000 /);
    });
  },
);

import type { Evidence, Judge, JudgeItem, TaskContext, Verdict } from "../types.js";
import { checkKind, runCheck } from "../../harness/checks/index.js";

/**
 * The deterministic judge: a requirement is satisfied when every one of its checks passes,
 * unsatisfied when one fails, undecided when it has none, and error when a check cannot run.
 */
export class StaticJudge implements Judge {
  readonly name = "static";

  async judge(item: JudgeItem, ctx: TaskContext): Promise<Verdict> {
    const started = performance.now();
    const done = (v: Omit<Verdict, "durationMs" | "judge">): Verdict => ({
      ...v,
      durationMs: performance.now() - started,
      judge: this.name,
    });
    const checks = item.kind === "requirement" ? item.item.checks : [];
    if (checks.length === 0) {
      const why =
        item.kind === "preference"
          ? "preferences have no deterministic checks"
          : "no deterministic check for this requirement";
      return done({ status: "undecided", reason: why, evidence: [], confidence: 0 });
    }
    const evidence: Evidence[] = [];
    const passed: string[] = [];
    for (const [i, check] of checks.entries()) {
      const label = `check ${i + 1} (${checkKind(check)})`;
      try {
        const r = await runCheck(check, { workspace: ctx.workspace, signal: ctx.signal });
        evidence.push(...r.evidence);
        if (!r.pass)
          return done({ status: "unsatisfied", reason: `${label} failed: ${r.message}`, evidence, confidence: 1 });
        passed.push(r.message);
      } catch (e) {
        return done({
          status: "error",
          reason: `${label} could not run: ${(e as Error).message}`,
          evidence,
          confidence: 0,
        });
      }
    }
    return done({
      status: "satisfied",
      reason: `all ${checks.length} check(s) passed: ${passed.join("; ")}`,
      evidence,
      confidence: 1,
    });
  }
}

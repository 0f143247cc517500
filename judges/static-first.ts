import type { Judge, JudgeItem, TaskContext, Verdict } from "./types.js";

/**
 * Runs the deterministic checks first: a requirement they decide (satisfied or unsatisfied) is
 * not sent to the LLM judge; everything else is.
 */
export class StaticFirstJudge implements Judge {
  readonly name: string;

  constructor(
    private readonly checks: Judge,
    private readonly model: Judge,
  ) {
    this.name = model.name;
  }

  async judge(item: JudgeItem, ctx: TaskContext): Promise<Verdict> {
    if (item.kind === "requirement" && item.item.checks.length) {
      const v = await this.checks.judge(item, ctx);
      if (v.status === "satisfied" || v.status === "unsatisfied") return v;
    }
    return this.model.judge(item, ctx);
  }
}

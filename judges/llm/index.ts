import type { JudgeConfig } from "../../harness/config/types.js";
import { UsageMeter, type LlmClient } from "../../harness/llm/client.js";
import { fence } from "../../harness/llm/fence.js";
import { workspaceContext } from "../agent/tools/workspace.js";
import { askVerdict, callContext, traceSummary } from "../model-calls.js";
import { itemText, JUDGE_SYSTEM, taskText } from "../prompts.js";
import type { Judge, JudgeItem, TaskContext, Verdict } from "../types.js";
import { vote } from "../votes.js";

/**
 * LLM-as-a-Judge, the paper's baseline: one call with the query, the criterion, the workspace
 * tree and (gray-box) a summary of the trace. It sees no file contents.
 */
export class LlmJudge implements Judge {
  readonly name = "llm";

  constructor(
    private readonly llm: LlmClient,
    private readonly config: JudgeConfig,
  ) {}

  async judge(item: JudgeItem, ctx: TaskContext): Promise<Verdict> {
    const started = performance.now();
    const meter = new UsageMeter();
    const call = callContext(ctx, meter);
    return vote(
      this.config.votes,
      async (sample) => {
        const ws = await workspaceContext(ctx);
        const summary = await traceSummary(ctx, this.llm, call);
        // most shared first: what every requirement of the task sees, then this one
        const common = [
          taskText(ctx.task.query),
          `The workspace the agent left:\n${fence("workspace tree", ws.tree)}`,
          summary
            ? `What the agent's trace shows (a summary):\n${fence("trace summary", summary)}`
            : "There is no trace: judge from the workspace alone.",
        ].join("\n\n");
        return askVerdict(
          this.llm,
          [
            { role: "system", content: JUDGE_SYSTEM },
            { role: "user", content: common },
            { role: "user", content: `Decide:\n${itemText(item)}` },
          ],
          call,
          sample,
        );
      },
      meter,
      this.name,
      started,
    );
  }
}

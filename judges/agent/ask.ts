import type { JudgeConfig } from "../../harness/config/types.js";
import { UsageMeter, type LlmClient } from "../../harness/llm/client.js";
import { fence, FENCE_RULES } from "../../harness/llm/fence.js";
import type { Msg } from "../../harness/llm/messages.js";
import type { Trace } from "../../harness/trace/types.js";
import type { ToolContext } from "./tools/context.js";
import { workspaceContext, type WorkspaceContext } from "./tools/workspace.js";
import { createMemo } from "../../harness/util/memo.js";
import { runToolLoop } from "./tool-loop.js";
import { judgeTools } from "./tools/index.js";

export interface Answer {
  answer: string;
  toolCalls: { name: string; args: Record<string, unknown> }[];
  usage: ReturnType<UsageMeter["toJSON"]>;
}

/** The paper's "ask anything": a free question about a workspace, answered with the judge's tools. */
export async function askWorkspace(
  llm: LlmClient,
  config: JudgeConfig,
  workspace: string,
  question: string,
  trace?: Trace,
): Promise<Answer> {
  const memo = createMemo();
  const ctx: ToolContext = { workspace, trace, signal: new AbortController().signal, memo };
  try {
    return await answerWith(llm, config, ctx, await workspaceContext(ctx), question);
  } finally {
    memo.dispose();
  }
}

async function answerWith(
  llm: LlmClient,
  config: JudgeConfig,
  ctx: ToolContext,
  ws: WorkspaceContext,
  question: string,
): Promise<Answer> {
  const tools = judgeTools(ctx, ws, question, { vision: config.vision, runTool: config.runTool });
  const messages: Msg[] = [
    {
      role: "system",
      content:
        `You answer questions about a coding agent's workspace, using the tools ` +
        `(${tools.map((t) => t.spec.name).join(", ")}) to look before you answer. Cite files with line numbers. ` +
        FENCE_RULES,
    },
    { role: "user", content: `The workspace:\n${fence("workspace tree", ws.tree)}\n\nQuestion: ${question}` },
  ];
  const meter = new UsageMeter();
  const { answer, calls } = await runToolLoop(llm, messages, tools, { maxSteps: config.maxSteps }, { meter });
  return { answer, toolCalls: calls.map((c) => ({ name: c.name, args: c.args })), usage: meter.toJSON() };
}

import type { JudgeConfig } from "../../harness/config/types.js";
import { UsageMeter, type LlmClient } from "../../harness/llm/client.js";
import { fence, FENCE_RULES } from "../../harness/llm/fence.js";
import type { Msg } from "../../harness/llm/messages.js";
import type { Trace } from "../../harness/trace/types.js";
import type { Task } from "../../harness/tasks/types.js";
import { workspaceContext } from "../shared.js";
import type { TaskContext } from "../types.js";
import { judgeTools, type ToolOutput } from "./tools/index.js";

export interface Answer {
  answer: string;
  toolCalls: { name: string; args: Record<string, unknown> }[];
  usage: ReturnType<UsageMeter["toJSON"]>;
}

/** The paper's "ask anything": a free question about a workspace, answered with the judge's tools. */
export async function askWorkspace(llm: LlmClient, config: JudgeConfig, workspace: string, question: string, trace?: Trace): Promise<Answer> {
  const memo = new Map<string, Promise<unknown>>();
  const task: Task = { id: "ask", name: "ask", query: question, tags: [], requirements: [], preferences: [], flags: { trainingNeeded: false, kaggleApiNeeded: false, webNavigationNeeded: false }, source: { file: "", line: 1, col: 1 } };
  const ctx: TaskContext = {
    task,
    candidate: "ask",
    workspace,
    trace,
    signal: new AbortController().signal,
    memo: <T>(k: string, f: () => Promise<T>) => {
      if (!memo.has(k)) memo.set(k, f());
      return memo.get(k) as Promise<T>;
    },
  };
  const ws = await workspaceContext(ctx);
  const tools = judgeTools(ctx, ws, question, { vision: config.vision, runTool: config.runTool });
  const byName = new Map(tools.map((t) => [t.spec.name, t]));
  const meter = new UsageMeter();
  const messages: Msg[] = [
    { role: "system", content: `You answer questions about a coding agent's workspace, using the tools (${tools.map((t) => t.spec.name).join(", ")}) to look before you answer. Cite files with line numbers. ${FENCE_RULES}` },
    { role: "user", content: `The workspace:\n${fence("workspace tree", ws.tree)}\n\nQuestion: ${question}` },
  ];
  const calls: Answer["toolCalls"] = [];
  let answer = "";
  for (let step = 0; step < config.maxSteps; step++) {
    const r = await llm.chat({ messages, tools: tools.map((t) => t.spec) }, { meter });
    messages.push({ role: "assistant", content: r.content, ...(r.toolCalls.length ? { toolCalls: r.toolCalls } : {}) });
    answer = r.content;
    if (r.toolCalls.length === 0) break;
    for (const c of r.toolCalls) {
      calls.push({ name: c.name, args: c.args });
      const tool = byName.get(c.name);
      const out: ToolOutput = tool ? await tool.run(c.args).catch((e: Error) => ({ text: `tool failed: ${e.message}` })) : { text: `no tool named ${c.name}` };
      messages.push({ role: "tool", toolCallId: c.id, name: c.name, content: fence(`${c.name} result`, out.text) });
    }
  }
  return { answer: answer.trim(), toolCalls: calls, usage: meter.toJSON() };
}

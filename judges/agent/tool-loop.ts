import type { CallContext, LlmClient } from "../../harness/llm/client.js";
import { fence } from "../../harness/llm/fence.js";
import type { Msg, ToolCall } from "../../harness/llm/messages.js";
import type { Tool, ToolOutput } from "./tools/index.js";

export interface LoopBudget {
  maxSteps: number;
  /** Stop asking once the calls of this loop have used this many tokens. */
  maxTokens?: number;
}

/**
 * The model calls tools until it answers without one, or the budget runs out. Tool results go
 * back fenced as untrusted data; images a tool read are shown to the model in a user message.
 * Appends to `messages`; returns the last assistant text and every tool call made.
 */
export async function runToolLoop(
  llm: LlmClient,
  messages: Msg[],
  tools: Tool[],
  budget: LoopBudget,
  call: CallContext,
  sample?: number,
): Promise<{ answer: string; calls: ToolCall[] }> {
  const byName = new Map(tools.map((t) => [t.spec.name, t]));
  const specs = tools.map((t) => t.spec);
  const spent = () => call.meter.inputTokens + call.meter.outputTokens;
  const calls: ToolCall[] = [];
  let answer = "";
  for (let step = 0; step < budget.maxSteps && spent() < (budget.maxTokens ?? Infinity); step++) {
    const r = await llm.chat({ messages, tools: specs, sample }, call);
    messages.push({ role: "assistant", content: r.content, ...(r.toolCalls.length ? { toolCalls: r.toolCalls } : {}) });
    answer = r.content;
    if (r.toolCalls.length === 0) break;
    const images: string[] = [];
    for (const c of r.toolCalls) {
      calls.push(c);
      const tool = byName.get(c.name);
      const out: ToolOutput = tool
        ? await tool.run(c.args).catch((e: Error) => ({ text: `tool failed: ${e.message}` }))
        : { text: `no tool named ${c.name}` };
      messages.push({ role: "tool", toolCallId: c.id, name: c.name, content: fence(`${c.name} result`, out.text) });
      if (out.imageUrl) images.push(out.imageUrl);
    }
    if (images.length)
      messages.push({
        role: "user",
        content: [
          { type: "text", text: "The images read above:" },
          ...images.map((url) => ({ type: "image_url" as const, image_url: { url } })),
        ],
      });
  }
  return { answer: answer.trim(), calls };
}

import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { Msg } from "./messages.js";

export function toLangChain(messages: Msg[]): BaseMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case "system":
        return new SystemMessage(m.content);
      case "user":
        return new HumanMessage({ content: m.content });
      case "assistant":
        return new AIMessage({
          content: m.content,
          tool_calls: (m.toolCalls ?? []).map((c) => ({
            id: c.id,
            name: c.name,
            args: c.args,
            type: "tool_call" as const,
          })),
        });
      case "tool":
        return new ToolMessage({ content: m.content, tool_call_id: m.toolCallId, name: m.name });
    }
  });
}

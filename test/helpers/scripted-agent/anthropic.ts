/**
 * Anthropic Messages API, streaming (POST /v1/messages), as Claude Code calls it: the scripted
 * agent writes the task's files with Write (absolute paths under the working directory Claude
 * Code names in its system prompt), lists them with Bash, then ends its turn.
 */
import type { ServerResponse } from "node:http";
import { FINAL_TEXT, taskFor, verifyCommand, type ScriptedTask } from "./script.js";
import { newId, startSse, tokens } from "./sse.js";

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((b: any) => (b?.type === "text" ? b.text : "")).join("\n")
      : "";

/** What the scripted agent answers to one request; `turn` counts the assistant turns so far. */
export function anthropicTurn(
  body: any,
  tasks: ScriptedTask[],
): { blocks: Block[]; stop: "tool_use" | "end_turn"; turn: number; task?: string } {
  const messages: any[] = body.messages ?? [];
  const tools: string[] = (body.tools ?? []).map((t: any) => t.name);
  const system = textOf(body.system);
  // side requests (a session title, a summary): no Write tool offered
  if (!tools.includes("Write")) {
    const wantsJson = body.output_config?.format?.type === "json_schema";
    return {
      blocks: [
        { type: "text", text: wantsJson ? JSON.stringify({ title: "Scripted demo task" }) : "Scripted demo task" },
      ],
      stop: "end_turn",
      turn: -1,
    };
  }
  const turn = messages.filter((m) => m.role === "assistant").length;
  const task = taskFor(
    tasks,
    messages
      .filter((m) => m.role === "user")
      .map((m) => textOf(m.content))
      .join("\n"),
  );
  if (!task) return { blocks: [{ type: "text", text: "I do not know this task." }], stop: "end_turn", turn };
  const cwd = /Primary working directory: (\S+)/.exec(system)?.[1] ?? ".";
  if (turn === 0)
    return {
      turn,
      task: task.id,
      stop: "tool_use",
      blocks: [
        { type: "text", text: `I will write the ${task.files.length} files of ${task.id}.` },
        ...task.files.map(
          (f): Block => ({
            type: "tool_use",
            id: newId("toolu_"),
            name: "Write",
            input: { file_path: `${cwd}/${f.path}`, content: f.content },
          }),
        ),
      ],
    };
  if (turn === 1)
    return {
      turn,
      task: task.id,
      stop: "tool_use",
      blocks: [
        {
          type: "tool_use",
          id: newId("toolu_"),
          name: "Bash",
          input: { command: verifyCommand(task), description: "Write the binary files and list the files" },
        },
      ],
    };
  return { turn, task: task.id, stop: "end_turn", blocks: [{ type: "text", text: FINAL_TEXT(task) }] };
}

export function streamAnthropic(res: ServerResponse, body: any, blocks: Block[], stop: string) {
  const sse = startSse(res);
  const inputTokens = tokens(body.messages) + tokens(body.system);
  sse.send("message_start", {
    type: "message_start",
    message: {
      id: newId("msg_"),
      type: "message",
      role: "assistant",
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  });
  blocks.forEach((b, index) => {
    if (b.type === "text") {
      sse.send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      });
      sse.send("content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "text_delta", text: b.text },
      });
    } else {
      sse.send("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: b.id, name: b.name, input: {} },
      });
      sse.send("content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(b.input) },
      });
    }
    sse.send("content_block_stop", { type: "content_block_stop", index });
  });
  sse.send("message_delta", {
    type: "message_delta",
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: tokens(blocks) },
  });
  sse.send("message_stop", { type: "message_stop" });
  sse.end();
}

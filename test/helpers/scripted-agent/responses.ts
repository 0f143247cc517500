/**
 * OpenAI Responses API, streaming (POST /v1/responses), as Codex CLI calls it: the scripted agent
 * adds the task's files with one `apply_patch` run through Codex's shell tool (`exec_command`, or
 * `shell` in older Codex versions; Codex intercepts apply_patch and applies it itself), lists them,
 * then answers with a message.
 */
import type { ServerResponse } from "node:http";
import { addFilesPatch, FINAL_TEXT, taskFor, verifyCommand, type ScriptedTask } from "./script.js";
import { newId, startSse, tokens } from "./sse.js";

type Item = { type: "function_call"; name: string; arguments: string } | { type: "message"; text: string };

const inputText = (input: any[]): string =>
  input
    .filter((i) => i.type === "message" && i.role === "user")
    .flatMap((i) => (typeof i.content === "string" ? [i.content] : (i.content ?? []).map((c: any) => c.text ?? "")))
    .join("\n");

function shellCall(tools: string[], command: string): Item {
  if (tools.includes("exec_command"))
    return { type: "function_call", name: "exec_command", arguments: JSON.stringify({ cmd: command }) };
  return { type: "function_call", name: "shell", arguments: JSON.stringify({ command: ["bash", "-lc", command] }) };
}

export function responsesTurn(body: any, tasks: ScriptedTask[]): { item: Item; turn: number; task?: string } {
  const input: any[] =
    typeof body.input === "string" ? [{ type: "message", role: "user", content: body.input }] : (body.input ?? []);
  const tools: string[] = (body.tools ?? []).map((t: any) => t.name);
  const turn = input.filter((i) => i.type === "function_call_output").length;
  const task = taskFor(tasks, inputText(input));
  if (!task) return { turn, item: { type: "message", text: "I do not know this task." } };
  if (turn === 0)
    return {
      turn,
      task: task.id,
      item: shellCall(tools, `apply_patch <<'PATCH'\n${addFilesPatch(task.files)}\nPATCH`),
    };
  if (turn === 1) return { turn, task: task.id, item: shellCall(tools, verifyCommand(task)) };
  return { turn, task: task.id, item: { type: "message", text: FINAL_TEXT(task) } };
}

export function streamResponses(res: ServerResponse, body: any, item: Item) {
  const sse = startSse(res);
  const id = newId("resp_");
  const base = {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    model: body.model,
    status: "in_progress",
    output: [] as unknown[],
  };
  sse.send("response.created", { type: "response.created", response: base });
  const out =
    item.type === "message"
      ? {
          type: "message",
          id: newId("msg_"),
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: item.text, annotations: [] }],
        }
      : {
          type: "function_call",
          id: newId("fc_"),
          call_id: newId("call_"),
          name: item.name,
          arguments: item.arguments,
          status: "completed",
        };
  sse.send("response.output_item.added", {
    type: "response.output_item.added",
    output_index: 0,
    item: { ...out, status: "in_progress" },
  });
  if (item.type === "message")
    sse.send("response.output_text.delta", {
      type: "response.output_text.delta",
      item_id: out.id,
      output_index: 0,
      content_index: 0,
      delta: item.text,
    });
  sse.send("response.output_item.done", { type: "response.output_item.done", output_index: 0, item: out });
  const input_tokens = tokens(body.input) + tokens(body.instructions);
  const output_tokens = tokens(out);
  sse.send("response.completed", {
    type: "response.completed",
    response: {
      ...base,
      status: "completed",
      output: [out],
      usage: {
        input_tokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: input_tokens + output_tokens,
      },
    },
  });
  sse.end();
}

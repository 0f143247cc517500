/**
 * OpenAI Chat Completions (POST /v1/chat/completions, streaming or not), as LiteLLM-based agents
 * (Aider, mini-swe-agent, OpenHands) call it. With a shell-like function tool offered, the
 * scripted agent calls it; without tools it answers with a ```bash block, mini-swe-agent's way.
 * Turn 0 writes the files with heredocs, turn 1 lists them, turn 2 finishes.
 */
import type { ServerResponse } from "node:http";
import { FINAL_TEXT, taskFor, verifyCommand, type ScriptedTask } from "./script.js";
import { newId, sendJson, startSse, tokens } from "./sse.js";

const heredocs = (t: ScriptedTask) =>
  t.files
    .map(
      (f) =>
        `mkdir -p "$(dirname '${f.path}')" && cat > '${f.path}' ` +
        `<<'DEVJUDGE_EOF'\n${f.content.replace(/\n$/, "")}\nDEVJUDGE_EOF`,
    )
    .join("\n");

const textOf = (c: unknown): string =>
  typeof c === "string" ? c : Array.isArray(c) ? c.map((p: any) => p.text ?? "").join("\n") : "";

export function chatTurn(
  body: any,
  tasks: ScriptedTask[],
): { message: { content: string | null; tool_calls?: unknown[] }; finish: string; turn: number; task?: string } {
  const messages: any[] = body.messages ?? [];
  const turn = messages.filter((m) => m.role === "assistant").length;
  const task = taskFor(
    tasks,
    messages
      .filter((m) => m.role === "user")
      .map((m) => textOf(m.content))
      .join("\n"),
  );
  if (!task) return { turn, finish: "stop", message: { content: "I do not know this task." } };
  const command = turn === 0 ? heredocs(task) : turn === 1 ? verifyCommand(task) : undefined;
  const tool = (body.tools ?? [])
    .map((t: any) => t.function?.name as string)
    .find((n: string) => /bash|shell|exec|command/i.test(n));
  if (!command)
    return {
      turn,
      task: task.id,
      finish: "stop",
      message: {
        content: tool
          ? FINAL_TEXT(task)
          : `${FINAL_TEXT(task)}\n\n\`\`\`bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n\`\`\``,
      },
    };
  if (!tool)
    return {
      turn,
      task: task.id,
      finish: "stop",
      message: { content: `THOUGHT: step ${turn + 1} of ${task.id}.\n\n\`\`\`bash\n${command}\n\`\`\`` },
    };
  return {
    turn,
    task: task.id,
    finish: "tool_calls",
    message: {
      content: null,
      tool_calls: [
        { id: newId("call_"), type: "function", function: { name: tool, arguments: JSON.stringify({ command }) } },
      ],
    },
  };
}

export function answerChat(
  res: ServerResponse,
  body: any,
  message: { content: string | null; tool_calls?: unknown[] },
  finish: string,
) {
  const env = {
    id: newId("chatcmpl-"),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
  };
  const usage = {
    prompt_tokens: tokens(body.messages),
    completion_tokens: tokens(message),
    total_tokens: tokens(body.messages) + tokens(message),
  };
  if (!body.stream)
    return sendJson(res, 200, {
      ...env,
      choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finish }],
      usage,
    });
  const sse = startSse(res);
  const chunk = { ...env, object: "chat.completion.chunk" };
  const calls = (message.tool_calls ?? []).map((c: any, index) => ({ index, ...c }));
  sse.send(undefined, {
    ...chunk,
    choices: [
      {
        index: 0,
        delta: { role: "assistant", content: message.content ?? null, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: null,
      },
    ],
  });
  sse.send(undefined, { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  if (body.stream_options?.include_usage) sse.send(undefined, { ...chunk, choices: [], usage });
  sse.send(undefined, "[DONE]");
  sse.end();
}

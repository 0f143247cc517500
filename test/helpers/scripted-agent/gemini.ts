/**
 * Gemini API (POST /v1beta/models/<model>:generateContent and :streamGenerateContent?alt=sse), as
 * Gemini CLI calls it with GOOGLE_GEMINI_BASE_URL: the scripted agent writes the task's files with
 * write_file, lists them with run_shell_command, then answers. A structured side request (Gemini
 * CLI's model router asks for a complexity score) gets a JSON object built from its schema.
 */
import type { ServerResponse } from "node:http";
import { FINAL_TEXT, taskFor, verifyCommand, type ScriptedTask } from "./script.js";
import { sendJson, startSse, tokens } from "./sse.js";

type Part = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

/** A value of the schema's shape: strings, numbers, booleans, arrays and objects with their required keys. */
function sample(schema: any): unknown {
  const type = String(schema?.type ?? "object").toLowerCase();
  if (type === "string") return schema.enum?.[0] ?? "scripted";
  if (type === "integer" || type === "number") return 10;
  if (type === "boolean") return false;
  if (type === "array") return [];
  return Object.fromEntries(
    (schema?.required ?? Object.keys(schema?.properties ?? {})).map((k: string) => [k, sample(schema.properties?.[k])]),
  );
}

export function geminiTurn(body: any, tasks: ScriptedTask[]): { parts: Part[]; turn: number; task?: string } {
  const contents: any[] = body.contents ?? [];
  const schema = body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema;
  if (schema) return { turn: -1, parts: [{ text: JSON.stringify(sample(schema)) }] };
  const userText = contents
    .filter((c) => c.role === "user")
    .flatMap((c) => (c.parts ?? []).map((p: any) => p.text ?? ""))
    .join("\n");
  const turn = contents.filter(
    (c) => c.role === "model" && (c.parts ?? []).some((p: any) => p.functionCall || p.text),
  ).length;
  const task = taskFor(tasks, userText);
  if (!task) return { turn, parts: [{ text: "I do not know this task." }] };
  const root = /Workspace Directories:\**\n\s*- (\S+)/.exec(userText)?.[1];
  const at = (p: string) => (root ? `${root}/${p}` : p);
  if (turn === 0)
    return {
      turn,
      task: task.id,
      parts: task.files.map((f) => ({
        functionCall: { name: "write_file", args: { file_path: at(f.path), content: f.content } },
      })),
    };
  if (turn === 1)
    return {
      turn,
      task: task.id,
      parts: [
        {
          functionCall: {
            name: "run_shell_command",
            args: { command: verifyCommand(task), description: "Write the binary files and list the files" },
          },
        },
      ],
    };
  return { turn, task: task.id, parts: [{ text: FINAL_TEXT(task) }] };
}

export function answerGemini(res: ServerResponse, body: any, parts: Part[], stream: boolean) {
  const usageMetadata = {
    promptTokenCount: tokens(body.contents),
    candidatesTokenCount: tokens(parts),
    totalTokenCount: tokens(body.contents) + tokens(parts),
  };
  const response = {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata,
    modelVersion: "scripted",
  };
  if (!stream) return sendJson(res, 200, response);
  const sse = startSse(res);
  sse.send(undefined, response);
  sse.end();
}

/**
 * A scripted model server that plays a coding agent's side of the conversation, for running the
 * real agent CLIs offline: Anthropic Messages SSE (Claude Code), OpenAI Responses SSE (Codex CLI)
 * Chat Completions (LiteLLM-based agents) and the Gemini API (Gemini CLI), on 127.0.0.1. For a
 * task it recognises from the prompt, it answers with the tool calls that write that task's files
 * using the agent's own tools, then a listing, then a final message. `calls` records what was asked.
 *
 *   const agentModel = await startScriptedAgentServer({ tasks: demoTasks(repoRoot) });
 *   ANTHROPIC_BASE_URL=agentModel.url  (Claude Code)   base_url=agentModel.url + "/v1" (Codex)
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicTurn, streamAnthropic } from "./anthropic.js";
import { answerChat, chatTurn } from "./chat.js";
import { answerGemini, geminiTurn } from "./gemini.js";
import { responsesTurn, streamResponses } from "./responses.js";
import type { ScriptedTask } from "./script.js";
import { readJson, sendJson } from "./sse.js";

export interface AgentCall {
  protocol: "anthropic" | "responses" | "chat" | "gemini";
  model?: string;
  /** The agent turn answered (0 writes, 1 lists, 2+ finishes); -1 for a side request. */
  turn: number;
  task?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ScriptedAgentServer {
  /** http://127.0.0.1:<port>, without /v1. */
  url: string;
  port: number;
  calls: AgentCall[];
  close(): Promise<void>;
}

export async function startScriptedAgentServer(opts: {
  tasks: ScriptedTask[];
  port?: number;
}): Promise<ScriptedAgentServer> {
  const calls: AgentCall[] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/\/+$/, "");
    try {
      if (req.method !== "POST") return sendJson(res, 200, { ok: true }); // Claude Code's HEAD / probe, GET /v1/models
      const body = await readJson(req);
      const call = (protocol: AgentCall["protocol"], turn: number, task?: string) =>
        calls.push({ protocol, model: body.model, turn, task, headers: req.headers });
      if (path === "/v1/messages") {
        const t = anthropicTurn(body, opts.tasks);
        call("anthropic", t.turn, t.task);
        return streamAnthropic(res, body, t.blocks, t.stop);
      }
      if (path === "/v1/responses") {
        const t = responsesTurn(body, opts.tasks);
        call("responses", t.turn, t.task);
        return streamResponses(res, body, t.item);
      }
      if (path === "/v1/chat/completions") {
        const t = chatTurn(body, opts.tasks);
        call("chat", t.turn, t.task);
        return answerChat(res, body, t.message, t.finish);
      }
      const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
      if (gemini) {
        const t = geminiTurn(body, opts.tasks);
        calls.push({ protocol: "gemini", model: gemini[1], turn: t.turn, task: t.task, headers: req.headers });
        return answerGemini(res, body, t.parts, gemini[2] === "streamGenerateContent");
      }
      sendJson(res, 404, {
        error: { type: "not_found_error", message: `scripted agent server: no route ${req.method} ${path}` },
      });
    } catch (e) {
      if (!res.headersSent) sendJson(res, 400, { error: { type: "invalid_request_error", message: String(e) } });
      else res.destroy();
    }
  });
  server.on("clientError", (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

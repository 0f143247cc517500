import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { TraceBuilder } from "./builder.js";
import { forEachJsonLine, readJsonDocument, textOf, traceError } from "./source.js";
import type { Trace, TraceStep } from "./types.js";

type Obj = Record<string, any>;

/**
 * Claude Code, two shapes of the same records: the session transcript
 * (`~/.claude/projects/<dir>/<session>.jsonl`, sub-agent and compaction files alike) and
 * `claude -p --output-format stream-json` output. One API response is split over several
 * `assistant` lines with the same `message.id`: they make one step. Tool results come back on
 * `user` lines and are joined by `tool_use_id`. A Task sub-agent's own messages, where the file
 * holds them (`progress` lines with `agent_progress`), become steps named after the sub-agent.
 */
class ClaudeRecords {
  readonly b: TraceBuilder;
  private lastMain: TraceStep | undefined;
  private lastText: string | undefined;
  private result: Obj | undefined;

  constructor(format: string, source: string) {
    this.b = new TraceBuilder(format, source, "claude-code");
  }

  /** `subAgent`: the line comes from a sub-agent's own file read with its session. */
  record(r: Obj, subAgent = false) {
    if (subAgent) {
      if (r.type === "assistant") this.assistant(r.message, r.timestamp, `sub-agent ${r.agentId}`);
      else if (r.type === "user") this.user(r.message, r.timestamp, r.toolUseResult, true);
      return;
    }
    if (r.type === "user" || r.type === "assistant" || r.type === "system") this.b.seen(r.timestamp);
    switch (r.type) {
      case "assistant":
        return this.assistant(
          r.message,
          r.timestamp,
          r.parent_tool_use_id ? `sub-agent of ${r.parent_tool_use_id}` : undefined,
        );
      case "user":
        return this.user(r.message, r.timestamp, r.toolUseResult ?? r.tool_use_result, !!r.isMeta);
      case "progress":
        if (r.data?.type === "agent_progress" && r.data.message) {
          const m = r.data.message;
          const name = `sub-agent ${r.data.agentId ?? r.parentToolUseID}`;
          if (m.type === "assistant") this.assistant(m.message, m.timestamp, name);
          else if (m.type === "user") this.user(m.message, m.timestamp, undefined, true);
        }
        return;
      case "system":
        if (r.subtype === "init") this.b.trace.model ??= r.model;
        else if (r.subtype === "api_error" || r.level === "error")
          this.b.addError(this.lastMain, textOf(r.content ?? r.error ?? r.message ?? r.subtype));
        return;
      case "result":
        this.result = r;
        return;
    }
  }

  private assistant(m: Obj | undefined, at: string | undefined, agentName: string | undefined) {
    if (!m || !Array.isArray(m.content)) return;
    const key = `${agentName ?? ""}|${m.id ?? Math.random()}`;
    const s = this.b.step(key, agentName ? { agentName } : {});
    if (m.usage) {
      // every line of a response repeats its usage as streamed so far: the last count is the largest
      const u = m.usage;
      const cached = u.cache_read_input_tokens ?? 0;
      const out = Math.max(s.usage?.outputTokens ?? 0, u.output_tokens ?? 0);
      s.usage = {
        inputTokens: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + cached,
        outputTokens: out,
        cachedTokens: cached,
        model: m.model,
      };
    }
    if (at) {
      s.startedAt ??= at;
      s.endedAt = at;
    }
    if (m.model && m.model !== "<synthetic>" && !agentName) this.b.trace.model ??= m.model;
    for (const c of m.content) {
      if (c.type === "text" || c.type === "thinking") this.b.addThought(s, c.text ?? c.thinking);
      else if (c.type === "tool_use") this.b.addCall(s, { id: c.id, name: c.name, args: c.input });
    }
    if (!agentName) {
      this.lastMain = s;
      const text = m.content
        .filter((c: Obj) => c.type === "text")
        .map((c: Obj) => c.text)
        .join("\n");
      if (text || m.content.some((c: Obj) => c.type === "tool_use")) this.lastText = text;
    }
  }

  private user(m: Obj | undefined, at: string | undefined, result: Obj | undefined, meta: boolean) {
    if (!m) return;
    const parts: Obj[] =
      typeof m.content === "string" ? [{ type: "text", text: m.content }] : Array.isArray(m.content) ? m.content : [];
    for (const p of parts) {
      if (p.type === "tool_result") {
        const text = textOf(p.content);
        const exit = /^Exit code (\d+)/.exec(text);
        const obs = {
          toolCallId: p.tool_use_id,
          text,
          isError: !!p.is_error,
          ...(exit ? { exitCode: Number(exit[1]) } : {}),
        };
        const s = this.b.stepOfCall(p.tool_use_id);
        // a sub-agent's result repeated by progress lines
        if (s?.observations.some((o) => o.toolCallId === p.tool_use_id)) continue;
        this.b.observe(obs, at);
        if (result && s && typeof result.filePath === "string") {
          const diff = Array.isArray(result.structuredPatch)
            ? result.structuredPatch
                .map((h: Obj) =>
                  [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...(h.lines ?? [])].join("\n"),
                )
                .join("\n")
            : undefined;
          this.b.addEdit(s, {
            path: result.filePath,
            kind: result.type === "create" ? "create" : "update",
            ...(diff ? { diff } : {}),
          });
        }
      } else if (p.type === "text" && !meta) {
        if (/^\[Request interrupted by user/.test(p.text)) this.b.addError(this.lastMain, p.text);
        else this.b.user(p.text);
      }
    }
  }

  finish(): Trace {
    const r = this.result;
    const b = this.b;
    if (r) {
      b.trace.final = {
        status:
          r.subtype === "success" && !r.is_error
            ? "finished"
            : r.subtype === "error_max_turns" || r.subtype === "error_max_budget_usd"
              ? "limit"
              : "crashed",
        ...(typeof r.result === "string" ? { answer: r.result } : {}),
        ...(r.is_error ? { error: String(r.result ?? r.subtype) } : {}),
      };
      const u = r.usage ?? {};
      const cached = u.cache_read_input_tokens ?? 0;
      return b.build({
        ...(typeof r.total_cost_usd === "number" ? { cost: r.total_cost_usd, costKnown: true } : {}),
        ...(typeof r.duration_ms === "number" ? { durationS: r.duration_ms / 1000 } : {}),
        ...(r.usage
          ? {
              inputTokens: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + cached,
              outputTokens: u.output_tokens ?? 0,
              cachedTokens: cached,
            }
          : {}),
      });
    }
    // a transcript has no end record: a last response with text and no tool call is the agent finishing its turn
    if (this.lastMain?.errors?.length) b.trace.final = { status: "crashed", error: this.lastMain.errors.at(-1) };
    else if (this.lastMain && this.lastText && this.lastMain.toolCalls.length === 0)
      b.trace.final = { status: "finished", ...(this.lastText ? { answer: this.lastText } : {}) };
    return b.build();
  }
}

/** A session transcript, or `--output-format stream-json` saved to a file (JSON lines, streamed). */
export async function readClaudeCode(file: string, format = "claude-code"): Promise<Trace> {
  const r = new ClaudeRecords(format, file);
  await forEachJsonLine(file, ({ value }) => r.record(value));
  // Sub-agents' own files beside a session (`<session>/subagents/agent-<id>.jsonl`): their steps
  // join the trace, named after the sub-agent (ones its progress lines already gave are merged)
  const subDir = join(dirname(file), basename(file, ".jsonl"), "subagents");
  if (format === "claude-code" && existsSync(subDir)) {
    for (const f of (await readdir(subDir)).filter((n) => /^agent-.+\.jsonl$/.test(n)).sort()) {
      await forEachJsonLine(join(subDir, f), ({ value }) => r.record({ agentId: f.slice(6, -6), ...value }, true));
    }
  }
  return r.finish();
}

export const readClaudeStreamJson = (file: string) => readClaudeCode(file, "claude-stream-json");

/** One stream-json event saved as a JSON document, or a folder of them (init first, result last). */
export async function readClaudeEventFiles(path: string, files?: string[]): Promise<Trace> {
  const docs: Obj[] = [];
  for (const f of files ?? [path]) {
    const v = await readJsonDocument(files ? join(path, f) : f);
    if (!v || typeof v !== "object" || Array.isArray(v) || typeof (v as Obj).type !== "string")
      throw traceError(files ? join(path, f) : f, 1, "not a Claude Code stream-json event");
    docs.push(v as Obj);
  }
  const rank = (d: Obj) => (d.type === "system" && d.subtype === "init" ? 0 : d.type === "result" ? 2 : 1);
  const r = new ClaudeRecords("claude-stream-json", path);
  for (const d of docs.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)) r.record(d.d);
  return r.finish();
}

export async function claudeEventFolderFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
}

import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { newestTranscript } from "./find-transcript.js";
import { readHead, readJsonDocument, traceError } from "./source.js";

type Obj = Record<string, any>;

/**
 * What detection found: the format, and the parsed document when the format is a whole-file JSON
 * one (so it is parsed once).
 */
export interface Detected {
  format: string;
  document?: unknown;
  /**
   * For a folder that holds transcripts (rather than being one): the newest transcript in it, which
   * is what is read.
   */
  path?: string;
}

const CLAUDE_TRANSCRIPT_TYPES = new Set([
  "user",
  "assistant",
  "system",
  "progress",
  "summary",
  "file-history-snapshot",
  "queue-operation",
  "last-prompt",
]);
const CLAUDE_STREAM_TYPES = new Set(["system", "assistant", "user", "result", "stream_event", "rate_limit_event"]);
const CODEX_ROLLOUT_TYPES = new Set(["session_meta", "response_item", "event_msg", "turn_context", "compacted"]);

/** The fields of devjudge's own JSON-lines steps (format `jsonl`). */
const JSONL_KEYS = ["thought", "action", "observation", "agent", "environment", "user_message", "step_usage"];

/** The format of one JSON-lines record, or undefined when it says nothing. */
function lineFormat(o: Obj): string | undefined {
  const t = o.type;
  if (typeof t === "string") {
    if (CODEX_ROLLOUT_TYPES.has(t) && "payload" in o) return "codex-rollout";
    if (/^(thread|turn|item)\./.test(t)) return "codex-exec-json";
    if (CLAUDE_STREAM_TYPES.has(t) && "session_id" in o) return "claude-stream-json";
    if (CLAUDE_TRANSCRIPT_TYPES.has(t) && ("sessionId" in o || "uuid" in o || "messageId" in o || "leafUuid" in o))
      return "claude-code";
  }
  if (typeof o.kind === "string" && /(Event|Observation|Condensation)$/.test(o.kind) && "source" in o)
    return "openhands-v1";
  if (Array.isArray(o.history) && ("instance_id" in o || "git_patch" in o || "issue" in o)) return "openhands";
  // the legacy layout's first line
  if (typeof o.id === "string" && "instructions" in o && "timestamp" in o) return "codex-rollout";
  // a Gemini CLI chat-recording .jsonl's first line
  if (typeof o.sessionId === "string" && "projectHash" in o) return "gemini";
  if (o.type === "init" && "session_id" in o && "model" in o) return "gemini"; // gemini --output-format stream-json
  return undefined;
}

/** The format of a whole JSON document. */
export function documentFormat(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    const first = v[0] as Obj | undefined;
    if (!first) return "devai";
    if ("step" in first && "agent" in first) return "devai";
    if (("action" in first || "observation" in first) && ("source" in first || "id" in first || "message" in first))
      return "openhands";
    if (typeof first.kind === "string" && "source" in first) return "openhands-v1";
    return undefined;
  }
  if (!v || typeof v !== "object") return undefined;
  const o = v as Obj;
  if (typeof o.trajectory_format === "string" && o.trajectory_format.startsWith("mini-swe-agent"))
    return "mini-swe-agent";
  if (Array.isArray(o.messages) && o.info?.mini_version) return "mini-swe-agent";
  if (Array.isArray(o.trajectory) && o.info && typeof o.info === "object") return "swe-agent";
  if (o.eval && typeof o.eval === "object" && ("samples" in o || "version" in o)) return "inspect-ai";
  if (typeof o.sessionId === "string" && Array.isArray(o.messages)) return "gemini";
  if (typeof o.session_id === "string" && "response" in o && "stats" in o) return "gemini";
  return lineFormat(o);
}

/** OpenHands V1 keeps a conversation as `events/event-NNNNN-<id>.json`. */
export const OPENHANDS_EVENT_FILE = /^event-\d+-.+\.json$/;

async function folderFormat(dir: string): Promise<string | undefined> {
  const names = await readdir(dir);
  if (names.includes("events") || names.some((n) => OPENHANDS_EVENT_FILE.test(n))) return "openhands-v1";
  if (names.some((n) => n.endsWith(".aider.chat.history.md") || n === ".aider.chat.history.md")) return "aider";
  const json = names.filter((n) => n.endsWith(".json"));
  if (json.length) {
    const first = await readJsonDocument(join(dir, json.sort()[0]!));
    if (
      first &&
      typeof first === "object" &&
      typeof (first as Obj).type === "string" &&
      CLAUDE_STREAM_TYPES.has((first as Obj).type)
    )
      return "claude-stream-json";
  }
  return undefined;
}

/**
 * Finds a transcript's format from its content, not its name: a folder's layout, a zip's magic
 * bytes, Aider's session header, the first JSON lines' shape, or the parsed JSON document.
 * Plain text that is none of these is a process log.
 */
export async function detectTraceFormat(path: string): Promise<Detected> {
  const st = await stat(path);
  if (st.isDirectory()) {
    const format = await folderFormat(path);
    if (format) return { format };
    // a folder of sessions (~/.claude/projects/<dir>, ~/.codex/sessions): its newest transcript
    const newest = await newestTranscript(path);
    if (!newest)
      throw traceError(
        path,
        1,
        "unknown trace format: a folder with no OpenHands events/, no Aider history, no stream-json events " +
          "and no transcript files",
      );
    return { ...(await detectTraceFormat(newest)), path: newest };
  }
  if (st.size === 0) throw traceError(path, 1, "empty file");
  const head = await readHead(path, 1024 * 1024);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { format: "inspect-ai" };
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  if (/^# aider chat started at /m.test(text.slice(0, 4096))) return { format: "aider" };
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return { format: "log" };
  // JSON lines: the first lines parse on their own (a pretty-printed document's first line does not)
  const HEAD = 1024 * 1024;
  const lines = text.split("\n");
  const complete = (head.length < HEAD ? lines : lines.slice(0, -1)).filter((l) => l.trim());
  const objects: Obj[] = [];
  for (const l of complete.slice(0, 20)) {
    try {
      const v = JSON.parse(l);
      if (!v || typeof v !== "object" || Array.isArray(v)) break;
      objects.push(v);
    } catch {
      break;
    }
  }
  // a first line that is a whole JSON object, with more after it, cannot be one JSON document
  if (objects.length >= 1) {
    for (const o of objects) {
      const f = lineFormat(o);
      if (f) return { format: f };
    }
    // devjudge's own JSON lines name a step's parts; lines that name none are a format we do not know
    if (complete.length >= 2) {
      if (objects.some((o) => JSONL_KEYS.some((k) => k in o))) return { format: "jsonl" };
      throw traceError(
        path,
        1,
        `unknown trace format: JSON lines with ${Object.keys(objects[0]!).slice(0, 8).join(", ")} ` +
          "(use format: to name one)",
      );
    }
  }
  const document = await readJsonDocument(path);
  const format = documentFormat(document);
  if (!format) {
    const keys = Array.isArray(document)
      ? `a list of ${
          typeof document[0] === "object"
            ? `objects with ${Object.keys(document[0] ?? {})
                .slice(0, 6)
                .join(", ")}`
            : typeof document[0]
        }`
      : `an object with ${Object.keys(document as Obj)
          .slice(0, 8)
          .join(", ")}`;
    throw traceError(path, 1, `unknown trace format: ${keys} (use format: to name one)`);
  }
  return { format, document };
}

import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { TraceBuilder } from "./builder.js";
import { forEachLine, traceError } from "./source.js";
import type { Trace, TraceStep } from "./types.js";

/** `2.4k` → 2400. */
const count = (s: string) =>
  Math.round(parseFloat(s.replaceAll(",", "")) * (/k$/i.test(s) ? 1000 : /m$/i.test(s) ? 1e6 : 1));

/** Aider's timestamps are local time without a zone: kept as written (ISO-shaped, no Z). */
const isoLocal = (s: string) => s.trim().replace(" ", "T");

/** `.aider.input.history` beside the chat history: `# <timestamp>` then `+<line>`s per input. */
async function readInputHistory(file: string): Promise<{ at: string; text: string }[]> {
  const out: { at: string; text: string }[] = [];
  await forEachLine(file, (line) => {
    const ts = /^# (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)/.exec(line);
    if (ts) out.push({ at: isoLocal(ts[1]!), text: "" });
    else if (line.startsWith("+") && out.length) out.at(-1)!.text += (out.at(-1)!.text ? "\n" : "") + line.slice(1);
  });
  return out;
}

/** The input history that belongs to a chat history: `X.aider.chat.history.md` → `X.aider.input.history`. */
export function inputHistoryOf(chatFile: string): string | undefined {
  const f = join(
    dirname(chatFile),
    basename(chatFile).replace(/\.?aider\.chat\.history\.md$/, (m) => m.replace("chat.history.md", "input.history")),
  );
  return f !== chatFile && existsSync(f) ? f : undefined;
}

const AMOUNT = String.raw`([\d.,]+[km]?)`;
/** Aider's usage line, e.g. `Tokens: 12k sent, 8k cache hit, 512 received. Cost: $0.01 message, $0.05 session.` */
const TOKENS_LINE = new RegExp(
  String.raw`^Tokens: ${AMOUNT} sent(?:, ${AMOUNT} cache write)?(?:, ${AMOUNT} cache hit)?, ${AMOUNT} received\.` +
    String.raw`(?: Cost: \$([\d.]+) (?:message|request))?`,
);
const PATH_LINE = /^[\w./\\-]+\.[\w]+$|^[\w.-]+\/[\w./-]+$/;

/**
 * Aider's `.aider.chat.history.md`: sessions under `# aider chat started at`, user input as `#### `
 * lines, tool output as `> ` lines, and the model's Markdown reply in between. A step is one user
 * input and the reply to it: SEARCH/REPLACE and whole-file blocks become `edit` calls (joined to
 * `> Applied edit to <file>`), `> Running <cmd>` a `shell` call, `> Tokens: … Cost: …` the usage.
 * Only session starts are timed, unless `.aider.input.history` lies beside it.
 */
export async function readAider(path: string): Promise<Trace> {
  let file = path;
  if ((await stat(path)).isDirectory()) {
    const found = (await readdir(path)).find((n) => n.endsWith("aider.chat.history.md"));
    if (!found) throw traceError(path, 1, "no .aider.chat.history.md in this folder");
    file = join(path, found);
  }
  const inputs = inputHistoryOf(file) ? await readInputHistory(inputHistoryOf(file)!) : [];
  let nextInput = 0;
  const b = new TraceBuilder("aider", file, "aider");
  let s: TraceStep | undefined;
  let reply: string[] = [];
  let user: string[] = [];
  let shell: { id: string; out: string[] } | undefined;
  let sawHeader = false;
  let sessionStart: string | undefined;

  const flushReply = () => {
    if (!s || !reply.length) return;
    const text = reply.join("\n");
    reply = [];
    const thinking = [...text.matchAll(/<thinking-content-\w+>([\s\S]*?)<\/thinking-content-\w+>/g)].map((m) =>
      m[1]!.trim(),
    );
    b.addThought(
      s,
      [...thinking, text.replace(/<thinking-content-\w+>[\s\S]*?<\/thinking-content-\w+>/g, "").trim()]
        .filter(Boolean)
        .join("\n") || undefined,
    );
    // an edit block: a file path line, then a fence holding SEARCH/REPLACE or the whole file
    const lines = text.split("\n");
    for (let i = 1; i < lines.length; i++) {
      if (!/^```/.test(lines[i]!) || !PATH_LINE.test(lines[i - 1]!.trim())) continue;
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      const body = lines.slice(i + 1, end < 0 ? undefined : end).join("\n");
      const path = lines[i - 1]!.trim();
      b.addCall(s, {
        id: `edit-${s.index}-${s.toolCalls.length}`,
        name: "edit",
        args: { path, ...(/^<<<<<<< SEARCH/m.test(body) ? { blocks: body } : { content: body }) },
      });
      b.addEdit(s, { path, kind: "update", diff: body });
      if (end > 0) i = end;
    }
  };
  const flushShell = () => {
    if (shell && s) b.observe({ toolCallId: shell.id, text: shell.out.join("\n") });
    shell = undefined;
  };
  const startStep = () => {
    flushReply();
    flushShell();
    const text = user.join("\n");
    user = [];
    s = b.step();
    s.userMessage = text;
    if (b.trace.task === undefined) b.trace.task = text;
    const inp = inputs.findIndex((x, j) => j >= nextInput && x.text.trim() === text.trim());
    if (inp >= 0) {
      s.startedAt = inputs[inp]!.at;
      nextInput = inp + 1;
      b.seen(s.startedAt);
    } else if (sessionStart) s.startedAt = sessionStart;
    sessionStart = undefined;
    if (text.startsWith("/"))
      b.addCall(s, {
        id: `cmd-${s.index}`,
        name: text.split(/\s/)[0]!,
        args: text.slice(text.split(/\s/)[0]!.length).trim(),
      });
  };

  await forEachLine(file, (raw) => {
    const line = raw.replace(/ {2}$/, "");
    const header = /^# aider chat started at (.+)$/.exec(line);
    if (header) {
      if (user.length) startStep();
      flushReply();
      flushShell();
      sawHeader = true;
      sessionStart = isoLocal(header[1]!);
      b.seen(sessionStart);
      return;
    }
    if (line.startsWith("#### ") || line === "####") {
      if (reply.length || shell) flushReply();
      user.push(line.slice(5));
      return;
    }
    if (user.length) startStep();
    if (line.startsWith("> ") || line === ">") {
      const t = line.slice(2);
      const tokens = TOKENS_LINE.exec(t);
      const model = /^Models?: (\S+)/.exec(t);
      if (model) b.trace.model ??= model[1];
      if (!s) return;
      if (tokens) {
        const u = s.usage ?? { inputTokens: 0, outputTokens: 0 };
        s.usage = {
          ...u,
          inputTokens: u.inputTokens + count(tokens[1]!),
          outputTokens: u.outputTokens + count(tokens[4]!),
          ...(tokens[3] ? { cachedTokens: (u.cachedTokens ?? 0) + count(tokens[3]) } : {}),
          ...(tokens[5] ? { cost: (u.cost ?? 0) + Number(tokens[5]) } : {}),
        };
        return;
      }
      flushReply();
      const applied = /^Applied edit to (.+)$/.exec(t);
      const running = /^Running (.+)$/.exec(t);
      if (applied) {
        const path = applied[1]!.trim();
        const answered = new Set(s.observations.map((o) => o.toolCallId));
        let call = s.toolCalls.find(
          (c) => c.name === "edit" && (c.args as { path: string }).path === path && !answered.has(c.id),
        );
        if (!call) {
          // an edit aider applied that the reply parsing did not see as a block (e.g. whole-file
          // format under a heading)
          call = { id: `edit-${s.index}-${s.toolCalls.length}`, name: "edit", args: { path } };
          b.addCall(s, call);
          b.addEdit(s, { path, kind: "update" });
        }
        b.observe({ toolCallId: call.id, text: t });
      } else if (running) {
        flushShell();
        shell = { id: `shell-${s.index}-${s.toolCalls.length}`, out: [] };
        b.addCall(s, { id: shell.id, name: "shell", args: { command: running[1] } });
      } else if (shell) shell.out.push(t);
      else if (/^(litellm\.\w+|\w*(APIError|AuthenticationError|RateLimitError|APIConnectionError))/.test(t))
        b.addError(s, t);
      else if (s.toolCalls.length && /^(Commit|Added|Removed|Dropping)/.test(t))
        b.observe({ toolCallId: s.toolCalls.at(-1)!.id, text: t });
      return;
    }
    if (!s) return;
    reply.push(raw);
  });
  if (user.length) startStep();
  flushReply();
  flushShell();
  if (!sawHeader && b.steps.length === 0)
    throw traceError(file, 1, "no '# aider chat started at' session and no '#### ' input: not an Aider chat history");
  const last = b.last;
  b.trace.final = last?.errors?.length
    ? { status: "crashed", error: last.errors.at(-1) }
    : last?.thought
      ? { status: "finished", answer: last.thought }
      : { status: "unknown" };
  return b.build();
}

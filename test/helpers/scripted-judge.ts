/**
 * A scripted "judge model" for the fake OpenAI server: it really drives devjudge's judges the way
 * a model would — calls locate, then read on what locate found, then answers — and bases its
 * verdict on what the tools returned, so a test can see that the tools read the real files.
 *
 * Its rule of judgment: a requirement is satisfied when some file the judge was shown (pipeline:
 * the first file located for the requirement whose contents it was shown; agentic: a read result)
 * exists and is non-empty; the evidence cites that file at the first line shown; the reason quotes
 * that line.
 */
import { isStructuredOutputRequest, lastToolText, messageText } from "./fake-openai/match.js";
import type { RecordedCall, Rule } from "./fake-openai/types.js";

const FILE_HEADER = /<<<UNTRUSTED [0-9a-f]{12} (?:file (\S+)|read result)>>>\n(\S+) \([^)]*\)[^\n]*\n\s*(\d+)  (.*)/;

function allText(call: RecordedCall): string {
  return (call.body.messages ?? []).map(messageText).join("\n");
}

function lastRole(call: RecordedCall): string | undefined {
  return call.body.messages?.at(-1)?.role;
}

function lastToolName(call: RecordedCall): string | undefined {
  const msgs = call.body.messages ?? [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.role === "tool") return msgs[i]!.name;
  return undefined;
}

/** The verdict the scripted model gives, from whatever file content it was shown. */
export function scriptedVerdict(call: RecordedCall) {
  const text = allText(call);
  // of the files shown, the first one located for this requirement (pipeline), else the first shown
  const shown = new Map<string, RegExpExecArray>();
  for (const m of text.matchAll(new RegExp(FILE_HEADER.source, "g"))) if (!shown.has(m[2]!)) shown.set(m[2]!, m);
  const locatedList = /Files located for this requirement:\n<<<[^\n]*\n([\s\S]*?)\n<<</.exec(text)?.[1] ?? "";
  const locatedPaths = [...locatedList.matchAll(/^- (\S+?): /gm)].map((x) => x[1]!);
  const m = locatedPaths.map((p) => shown.get(p)).find(Boolean) ?? FILE_HEADER.exec(text);
  if (!m) return { status: "unsatisfied", reason: "scripted judge: no file content was shown to me", evidence: [] };
  const path = m[2]!;
  const line = Number(m[3]);
  return {
    status: "satisfied",
    reason: `scripted judge: ${path} line ${line} reads "${m[4]!.trim().slice(0, 60)}"`,
    evidence: [{ path, start_line: line, end_line: line, step: null, quote: m[4]!.trim().slice(0, 60) }],
  };
}

/**
 * A summary as a model writes one when asked for at most 15 bullets: a line per step it was shown
 * (at most 14), then how the run ended.
 */
function scriptedSummary(prompt: string): string {
  const steps = [...prompt.matchAll(/\[step (\d+)\]\n(?:\w+: )?([^\n]*)/g)].slice(0, 14);
  const bullets = steps.map((m) => `- Step ${m[1]}: the agent did this: ${m[2]!.trim().slice(0, 60)}`);
  return [...bullets, "- The run ended on its own after its last step."].join("\n");
}

export function scriptedJudgeRules(): Rule[] {
  return [
    { name: "verdict", match: (c) => isStructuredOutputRequest(c), reply: (c) => ({ json: scriptedVerdict(c) }) },
    {
      name: "summary",
      match: (c) => !c.body.tools?.length && /summarise a coding agent's execution trace/i.test(allText(c)),
      reply: (c) => ({ content: scriptedSummary(allText(c)) }),
    },
    // agentic loop: locate first, then read the first located file, then conclude
    {
      name: "locate",
      match: (c) => !!c.body.tools?.length && lastRole(c) === "user",
      reply: { toolCalls: [{ name: "locate", arguments: {} }] },
    },
    {
      name: "read",
      match: (c) => !!c.body.tools?.length && lastRole(c) === "tool" && lastToolName(c) === "locate",
      reply: (c) => {
        const first = /^(?:<<<[^\n]*\n)?([^\s—]+) —/m.exec(lastToolText(c.body) ?? "");
        return first
          ? { toolCalls: [{ name: "read", arguments: { path: first[1]! } }] }
          : { content: "nothing to read" };
      },
    },
    {
      name: "conclude",
      match: (c) => !!c.body.tools?.length && lastRole(c) === "tool",
      reply: { content: "I have seen enough." },
    },
  ];
}

import { fence, FENCE_RULES } from "../harness/llm/fence.js";
import type { Trace } from "../harness/trace/types.js";
import { compressTrace } from "./agent/tools/trace.js";
import type { JudgeItem } from "./types.js";

export const JUDGE_SYSTEM = [
  "You are a meticulous reviewer judging the work a coding agent left in its workspace.",
  "You decide one requirement at a time: is it satisfied by what is actually in the workspace " +
    "(and, when given, what the agent's trace shows it did)?",
  "Be strict and concrete: a requirement about a file at a given path is unsatisfied if the file is elsewhere " +
    "or missing; code that only claims to do something does not do it; a plan or a stub is not an implementation.",
  "Answer undecided only when the evidence you were given cannot settle the question.",
  FENCE_RULES,
].join("\n");

export function itemText(it: JudgeItem): string {
  if (it.kind === "preference") return `Preference (soft, judged the same way): ${it.item.criteria}`;
  return `Requirement ${it.item.id} (${it.item.category}): ${it.item.criteria}`;
}

export function taskText(query: string): string {
  return `The task the agent was given:\n${query.trim()}`;
}

export const TRACE_SUMMARY_SYSTEM = `You summarise a coding agent's execution trace for a reviewer. ${FENCE_RULES}`;

export function traceSummaryPrompt(query: string, trace: Trace): string {
  return [
    `${taskText(query)}\n\nThe agent's trace (${trace.steps.length} steps):\n${fence("trace", compressTrace(trace))}`,
    "\n\nSummarise in at most 15 bullet points: the files it wrote (paths), the commands it ran and whether they " +
      "succeeded, errors it met and whether it fixed them, and how the run ended. Cite step numbers.",
  ].join("");
}

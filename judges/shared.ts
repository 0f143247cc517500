import type { CallContext, LlmClient } from "../harness/llm/client.js";
import { UsageMeter } from "../harness/llm/client.js";
import { fence, FENCE_RULES } from "../harness/llm/fence.js";
import type { Msg } from "../harness/llm/messages.js";
import { renderTree } from "./agent/tools/tree.js";
import { scanWorkspace, type FileEntry } from "./agent/tools/scan.js";
import { buildSearchIndex, type SearchIndex } from "./agent/tools/search.js";
import { compressTrace } from "./agent/tools/trace.js";
import { parseModelVerdict, VERDICT_SCHEMA, type ModelVerdict } from "./verdict-schema.js";
import type { JudgeItem, TaskContext } from "./types.js";

export const JUDGE_SYSTEM = [
  "You are a meticulous reviewer judging the work a coding agent left in its workspace.",
  "You decide one requirement at a time: is it satisfied by what is actually in the workspace (and, when given, what the agent's trace shows it did)?",
  "Be strict and concrete: a requirement about a file at a given path is unsatisfied if the file is elsewhere or missing; code that only claims to do something does not do it; a plan or a stub is not an implementation.",
  "Answer undecided only when the evidence you were given cannot settle the question.",
  FENCE_RULES,
].join("\n");

export function itemText(it: JudgeItem): string {
  if (it.kind === "preference") return `Preference (soft, judged the same way): ${it.item.criteria}`;
  return `Requirement ${it.item.id} (${it.item.category}): ${it.item.criteria}`;
}

export function taskText(ctx: TaskContext): string {
  return `The task the agent was given:\n${ctx.task.query.trim()}`;
}

export interface WorkspaceContext {
  entries: FileEntry[];
  tree: string;
  index: SearchIndex;
  /** Stops the index's worker threads; the task's memo calls it when the task is done. */
  close(): void;
}

/** Scanned and indexed once per task and candidate; every requirement of the task shares it. */
export function workspaceContext(ctx: TaskContext): Promise<WorkspaceContext> {
  return ctx.memo("workspace", async () => {
    const { entries, truncated } = await scanWorkspace(ctx.workspace);
    const tree = renderTree(entries) + (truncated ? "\n(listing stopped: the workspace has more files)" : "");
    const index = await buildSearchIndex(ctx.workspace, entries);
    return { entries, tree, index, close: () => index.close() };
  });
}

/**
 * What the agent did, summarised by the model once per task (the official implementation asks
 * once per requirement); the usage lands on the requirement that happened to ask first.
 */
export function traceSummary(ctx: TaskContext, llm: LlmClient, call: CallContext): Promise<string | undefined> {
  const trace = ctx.trace;
  if (!trace || trace.steps.length === 0) return Promise.resolve(undefined);
  return ctx.memo("trace-summary", async () => {
    const r = await llm.chat(
      {
        messages: [
          { role: "system", content: `You summarise a coding agent's execution trace for a reviewer. ${FENCE_RULES}` },
          {
            role: "user",
            content: `${taskText(ctx)}\n\nThe agent's trace (${trace.steps.length} steps):\n${fence("trace", compressTrace(trace))}\n\nSummarise in at most 15 bullet points: the files it wrote (paths), the commands it ran and whether they succeeded, errors it met and whether it fixed them, and how the run ended. Cite step numbers.`,
          },
        ],
      },
      call,
    );
    return r.content.trim();
  });
}

/** Asks for the verdict in the schema; a reply that does not fit is retried, never cached. */
export async function askVerdict(
  llm: LlmClient,
  messages: Msg[],
  call: CallContext,
  sample: number,
): Promise<ModelVerdict> {
  const r = await llm.chat(
    {
      messages,
      schema: { name: "verdict", schema: VERDICT_SCHEMA as unknown as Record<string, unknown> },
      sample,
      validate: (x) => void parseModelVerdict(x.json),
    },
    call,
  );
  return parseModelVerdict(r.json);
}

export function callContext(ctx: TaskContext, meter = new UsageMeter()): CallContext {
  return {
    signal: ctx.signal,
    meter,
    onRetry: (i) =>
      ctx.emit?.({
        type: "retry",
        candidate: ctx.candidate,
        task: ctx.task.id,
        attempt: i.attempt,
        delayMs: i.delayMs,
        reason: i.reason,
      }),
    onUsage: (r, cost) =>
      ctx.emit?.({
        type: "usage",
        candidate: ctx.candidate,
        task: ctx.task.id,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cost: cost ?? 0,
        cached: r.cached,
        cachedInputTokens: r.cachedInputTokens ?? 0,
        reasoningTokens: r.reasoningTokens ?? 0,
        ...(cost === undefined && !r.cached ? { unpriced: true } : {}),
      }),
  };
}

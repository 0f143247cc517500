import type { JudgeConfig } from "../../harness/config/types.js";
import { UsageMeter, type CallContext, type LlmClient } from "../../harness/llm/client.js";
import { fence } from "../../harness/llm/fence.js";
import type { Msg } from "../../harness/llm/messages.js";
import { askVerdict, callContext, traceSummary } from "../model-calls.js";
import { itemText, JUDGE_SYSTEM, taskText } from "../prompts.js";
import { workspaceContext, type WorkspaceContext } from "./tools/workspace.js";
import type { Evidence, Judge, JudgeItem, TaskContext, Verdict } from "../types.js";
import type { ModelVerdict } from "../verdict-schema.js";
import { vote } from "../votes.js";
import { runToolLoop } from "./tool-loop.js";
import { judgeTools } from "./tools/index.js";
import type { Located } from "./tools/locate.js";
import { FILE_CHARS, locatedFor, ownSteps, readableOf, sharedFiles, sharedSteps, viewOf } from "./shared-context.js";
import { stepText, traceIndex } from "./tools/trace.js";
import type { Trace } from "../../harness/trace/types.js";

const READ_BUDGET = 24_000;

/**
 * Agent-as-a-Judge: inspects the workspace (and the trace, gray-box) with tools before deciding.
 * `pipeline` runs the paper's fixed order — workspace, locate, read, trace, ask — with one model
 * call per requirement (plus one trace summary per task); `agentic` lets the model call the tools
 * in a loop within a step and token budget, then asks for the verdict.
 */
export class AgentJudge implements Judge {
  readonly name: string;

  constructor(
    private readonly llm: LlmClient,
    private readonly config: JudgeConfig,
  ) {
    this.name = `agent/${config.workflow}`;
  }

  async judge(item: JudgeItem, ctx: TaskContext): Promise<Verdict> {
    const started = performance.now();
    const meter = new UsageMeter();
    const call = callContext(ctx, meter);
    const verdict = await vote(
      this.config.votes,
      async (sample) => {
        const ws = await workspaceContext(ctx);
        const v =
          this.config.workflow === "agentic"
            ? await this.agentic(item, ctx, ws, call, sample)
            : await this.pipeline(item, ctx, ws, call, sample);
        return { ...v, evidence: checkEvidence(v.evidence, ws, ctx.trace) };
      },
      meter,
      this.name,
      started,
    );
    return verdict;
  }

  private async pipeline(
    item: JudgeItem,
    ctx: TaskContext,
    ws: WorkspaceContext,
    call: CallContext,
    sample: number,
  ): Promise<ModelVerdict> {
    if (this.config.promptLayout === "legacy") return this.pipelineLegacy(item, ctx, ws, call, sample);
    const criterion = item.item.criteria;
    const vision = this.config.vision;
    // most shared first: the system prompt, then what every requirement of this task and candidate
    // sees (task, tree, trace summary, the files most of them read), then this requirement alone
    const summary = ctx.trace ? await traceSummary(ctx, this.llm, call) : undefined;
    const shared = await sharedFiles(ctx, ws, vision);
    const steps = await sharedSteps(ctx);
    const common = [
      taskText(ctx.task.query),
      `The workspace:\n${fence("workspace tree", ws.tree)}`,
      ...(ctx.trace ? [`What the agent's trace shows (a summary):\n${fence("trace summary", summary ?? "")}`] : []),
      ...(steps.text
        ? [`Trace steps most requirements of this task are about:\n${fence("trace steps", steps.text)}`]
        : []),
      ...(shared.paths.size ? [`Files most requirements of this task are about:\n${shared.text}`] : []),
    ].join("\n\n");

    const located = await locatedFor(ctx, ws, criterion);
    const { reads, images } = await readLocated(ctx, ws, located, vision, shared.paths);
    const own = [
      `Decide:\n${itemText(item)}`,
      // the reasons quote search hits from the workspace: untrusted too
      `Files located for this requirement:\n${fence("located files", locatedList(located, shared.paths))}`,
      ...(reads.length ? [`Their contents:\n${reads.join("\n\n")}`] : []),
    ];
    const mine = await ownSteps(ctx, criterion, steps);
    if (mine) own.push(`Other trace steps about this requirement:\n${fence("trace steps", mine)}`);
    own.push("Cite the files (with line numbers) and trace steps your decision rests on.");
    return askVerdict(
      this.llm,
      [
        { role: "system", content: JUDGE_SYSTEM },
        userMessage(common, shared.images),
        userMessage(own.join("\n\n"), images),
      ],
      call,
      sample,
    );
  }

  /**
   * The layout before prompt caching was considered: per-requirement files before the trace
   * summary (kept for `bench/`'s cost comparison).
   */
  private async pipelineLegacy(
    item: JudgeItem,
    ctx: TaskContext,
    ws: WorkspaceContext,
    call: CallContext,
    sample: number,
  ): Promise<ModelVerdict> {
    const criterion = item.item.criteria;
    const located = await locatedFor(ctx, ws, criterion);
    const { reads, images } = await readLocated(ctx, ws, located, this.config.vision);
    const parts = [
      taskText(ctx.task.query),
      `The workspace:\n${fence("workspace tree", ws.tree)}`,
      `Files located for this requirement:\n${fence("located files", locatedList(located))}`,
      ...(reads.length ? [`Their contents:\n${reads.join("\n\n")}`] : []),
    ];
    if (ctx.trace) {
      const summary = await traceSummary(ctx, this.llm, call);
      const steps = await ctx.memo("trace-index", async () => traceIndex(ctx.trace!));
      const relevant = steps
        .relevant(criterion, 3)
        .map((s) => stepText(s, 1200))
        .join("\n\n");
      parts.push(
        `What the agent's trace shows:\n${fence("trace summary", summary ?? "")}\n\n` +
          `Steps about this requirement:\n${fence("trace steps", relevant)}`,
      );
    }
    parts.push(
      `Decide:\n${itemText(item)}\nCite the files (with line numbers) and trace steps your decision rests on.`,
    );
    return askVerdict(
      this.llm,
      [{ role: "system", content: JUDGE_SYSTEM }, userMessage(parts.join("\n\n"), images)],
      call,
      sample,
    );
  }

  private async agentic(
    item: JudgeItem,
    ctx: TaskContext,
    ws: WorkspaceContext,
    call: CallContext,
    sample: number,
  ): Promise<ModelVerdict> {
    const tools = judgeTools(ctx, ws, item.item.criteria, { vision: this.config.vision, runTool: this.config.runTool });
    const messages: Msg[] = [
      {
        role: "system",
        content:
          `${JUDGE_SYSTEM}\nInvestigate with the tools (${tools.map((t) => t.spec.name).join(", ")}) until you can ` +
          `decide; at most ${this.config.maxSteps} rounds. ` +
          "Then reply with a short plain-text conclusion and no tool call.",
      },
      // most shared first: what every requirement of the task sees, then this one
      {
        role: "user",
        content: [
          taskText(ctx.task.query),
          `The workspace:\n${fence("workspace tree", ws.tree)}`,
          ctx.trace
            ? `A trace of ${ctx.trace.steps.length} steps is available through the trace tool.`
            : "There is no trace.",
        ].join("\n\n"),
      },
      { role: "user", content: `Decide:\n${itemText(item)}` },
    ];
    await runToolLoop(
      this.llm,
      messages,
      tools,
      { maxSteps: this.config.maxSteps, maxTokens: this.config.maxTokensPerRequirement },
      call,
      sample,
    );
    messages.push({
      role: "user",
      content:
        `Now give your verdict on:\n${itemText(item)}\n` +
        "Cite the files (with line numbers) and trace steps it rests on.",
    });
    return askVerdict(this.llm, messages, call, sample);
  }
}

/** The located files' contents, fenced, within the read budget; `skip` are shown elsewhere in the prompt. */
async function readLocated(
  ctx: TaskContext,
  ws: WorkspaceContext,
  located: Awaited<ReturnType<typeof locatedFor>>,
  vision: boolean,
  skip = new Set<string>(),
) {
  const reads: string[] = [];
  const images: string[] = [];
  let budget = READ_BUDGET;
  for (const path of readableOf(located, ws)) {
    if (budget <= 500) break;
    if (skip.has(path)) continue;
    const view = await viewOf(ctx, path, Math.min(FILE_CHARS, budget), vision);
    budget -= view.text.length;
    reads.push(fence(`file ${path}`, view.text));
    if (view.imageUrl) images.push(view.imageUrl);
  }
  return { reads, images };
}

function userMessage(text: string, images: string[]): Msg {
  return {
    role: "user",
    content: images.length
      ? [{ type: "text", text }, ...images.map((url) => ({ type: "image_url" as const, image_url: { url } }))]
      : text,
  };
}

/**
 * A file the model cites that is not in the workspace, or a trace step that is not in the trace,
 * is not evidence; say so instead. A cited step without a quote gets the step's own text.
 */
function checkEvidence(evidence: Evidence[], ws: WorkspaceContext, trace?: Trace): Evidence[] {
  const files = new Set(ws.entries.filter((e) => !e.isDir).map((e) => e.path));
  return evidence.map((e): Evidence => {
    if (e.kind === "file" && !files.has(e.path.replace(/^\.\//, "")))
      return { kind: "note", text: `cited ${e.path}, which is not in the workspace` };
    if (e.kind !== "trace") return e;
    const step = trace?.steps.find((s) => s.index === e.step);
    if (!step) return { kind: "note", text: `cited trace step ${e.step}, which is not in the trace` };
    return e.excerpt ? e : { ...e, excerpt: stepText(step, 500) };
  });
}

/** The located files as a list; `shown` marks those already in the prompt's shared part. */
function locatedList(located: Located[], shown?: Set<string>): string {
  return (
    located.map((l) => `- ${l.path}: ${l.why}${shown?.has(l.path) ? " (shown above)" : ""}`).join("\n") || "- none"
  );
}

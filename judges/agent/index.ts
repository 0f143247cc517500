import type { JudgeConfig } from "../../harness/config/types.js";
import { UsageMeter, type CallContext, type LlmClient } from "../../harness/llm/client.js";
import { fence } from "../../harness/llm/fence.js";
import type { Msg } from "../../harness/llm/messages.js";
import { askVerdict, callContext, itemText, JUDGE_SYSTEM, taskText, traceSummary, workspaceContext, type WorkspaceContext } from "../shared.js";
import type { Evidence, Judge, JudgeItem, TaskContext, Verdict } from "../types.js";
import type { ModelVerdict } from "../verdict-schema.js";
import { vote } from "../votes.js";
import { runToolLoop } from "./tool-loop.js";
import { judgeTools } from "./tools/index.js";
import { locateFiles } from "./tools/locate.js";
import { readFileView } from "./tools/read.js";
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

  constructor(private readonly llm: LlmClient, private readonly config: JudgeConfig) {
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
        const v = this.config.workflow === "agentic" ? await this.agentic(item, ctx, ws, call, sample) : await this.pipeline(item, ctx, ws, call, sample);
        return { ...v, evidence: checkEvidence(v.evidence, ws, ctx.trace) };
      },
      meter,
      this.name,
      started,
    );
    return verdict;
  }

  private async pipeline(item: JudgeItem, ctx: TaskContext, ws: WorkspaceContext, call: CallContext, sample: number): Promise<ModelVerdict> {
    const criterion = item.item.criteria;
    const located = await locateFiles(criterion, ws.entries, ws.index);
    const reads: string[] = [];
    const images: string[] = [];
    let budget = READ_BUDGET;
    for (const l of located) {
      if (budget <= 500) break;
      const entry = ws.entries.find((e) => e.path === l.path);
      if (!entry || entry.isDir) continue;
      const maxChars = Math.min(8000, budget);
      // the requirements of a task keep asking for the same few files: read each once per task
      const view = await ctx.memo(`read:${maxChars}:${l.path}`, () => readFileView(ctx.workspace, l.path, { maxChars, vision: this.config.vision }));
      budget -= view.text.length;
      reads.push(fence(`file ${l.path}`, view.text));
      if (view.imageUrl) images.push(view.imageUrl);
    }
    const parts = [
      taskText(ctx),
      `The workspace:\n${fence("workspace tree", ws.tree)}`,
      // the reasons quote search hits from the workspace: untrusted too
      `Files located for this requirement:\n${fence("located files", located.map((l) => `- ${l.path}: ${l.why}`).join("\n") || "- none")}`,
      ...(reads.length ? [`Their contents:\n${reads.join("\n\n")}`] : []),
    ];
    if (ctx.trace) {
      const summary = await traceSummary(ctx, this.llm, call);
      const steps = ctx.memo("trace-index", async () => traceIndex(ctx.trace!));
      const relevant = (await steps).relevant(criterion, 3).map((s) => stepText(s, 1200)).join("\n\n");
      parts.push(`What the agent's trace shows:\n${fence("trace summary", summary ?? "")}\n\nSteps about this requirement:\n${fence("trace steps", relevant)}`);
    }
    parts.push(`Decide:\n${itemText(item)}\nCite the files (with line numbers) and trace steps your decision rests on.`);
    const text = parts.join("\n\n");
    const content = images.length ? [{ type: "text" as const, text }, ...images.map((url) => ({ type: "image_url" as const, image_url: { url } }))] : text;
    return askVerdict(this.llm, [{ role: "system", content: JUDGE_SYSTEM }, { role: "user", content }], call, sample);
  }

  private async agentic(item: JudgeItem, ctx: TaskContext, ws: WorkspaceContext, call: CallContext, sample: number): Promise<ModelVerdict> {
    const tools = judgeTools(ctx, ws, item.item.criteria, { vision: this.config.vision, runTool: this.config.runTool });
    const messages: Msg[] = [
      {
        role: "system",
        content: `${JUDGE_SYSTEM}\nInvestigate with the tools (${tools.map((t) => t.spec.name).join(", ")}) until you can decide; at most ${this.config.maxSteps} rounds. Then reply with a short plain-text conclusion and no tool call.`,
      },
      {
        role: "user",
        content: [taskText(ctx), `The workspace:\n${fence("workspace tree", ws.tree)}`, ctx.trace ? `A trace of ${ctx.trace.steps.length} steps is available through the trace tool.` : "There is no trace.", `Decide:\n${itemText(item)}`].join("\n\n"),
      },
    ];
    await runToolLoop(this.llm, messages, tools, { maxSteps: this.config.maxSteps, maxTokens: this.config.maxTokensPerRequirement }, call, sample);
    messages.push({ role: "user", content: `Now give your verdict on:\n${itemText(item)}\nCite the files (with line numbers) and trace steps it rests on.` });
    return askVerdict(this.llm, messages, call, sample);
  }
}

/**
 * A file the model cites that is not in the workspace, or a trace step that is not in the trace,
 * is not evidence; say so instead. A cited step without a quote gets the step's own text.
 */
function checkEvidence(evidence: Evidence[], ws: WorkspaceContext, trace?: Trace): Evidence[] {
  const files = new Set(ws.entries.filter((e) => !e.isDir).map((e) => e.path));
  return evidence.map((e): Evidence => {
    if (e.kind === "file" && !files.has(e.path.replace(/^\.\//, ""))) return { kind: "note", text: `cited ${e.path}, which is not in the workspace` };
    if (e.kind !== "trace") return e;
    const step = trace?.steps.find((s) => s.index === e.step);
    if (!step) return { kind: "note", text: `cited trace step ${e.step}, which is not in the trace` };
    return e.excerpt ? e : { ...e, excerpt: stepText(step, 500) };
  });
}

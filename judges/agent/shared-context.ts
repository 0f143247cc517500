import { fence } from "../../harness/llm/fence.js";
import type { ToolContext } from "./tools/context.js";
import type { WorkspaceContext } from "./tools/workspace.js";
import type { TaskContext } from "../types.js";
import type { TraceStep } from "../../harness/trace/types.js";
import { locateFiles, type Located } from "./tools/locate.js";
import { readFileView, type FileView } from "./tools/read.js";
import { stepText, traceIndex } from "./tools/trace.js";

/** Characters of one file shown to the model. */
export const FILE_CHARS = 8000;
/** Characters of the files shared by a task's requirements, shown once at the top of every prompt. */
const SHARED_BUDGET = 24_000;

/** The files a criterion is about; located once per criterion and task (the shared context needs every item's). */
export function locatedFor(ctx: ToolContext, ws: WorkspaceContext, criterion: string): Promise<Located[]> {
  return ctx.memo(`locate:${criterion}`, () => locateFiles(criterion, ws.entries, ws.index));
}

/** Readable files among the located ones, in order. */
export function readableOf(located: Located[], ws: WorkspaceContext): string[] {
  const files = new Set(ws.entries.filter((e) => !e.isDir).map((e) => e.path));
  return located.filter((l) => files.has(l.path)).map((l) => l.path);
}

/** A file as the model sees it; read once per task whatever asks for it. */
export function viewOf(ctx: ToolContext, path: string, maxChars: number, vision: boolean): Promise<FileView> {
  return ctx.memo(`read:${maxChars}:${path}`, () => readFileView(ctx.workspace, path, { maxChars, vision }));
}

export interface SharedFiles {
  paths: Set<string>;
  /** The fenced contents, most-read file first. */
  text: string;
  images: string[];
}

/**
 * The files most of a task's requirements read (located for at least a quarter of its items, and
 * at least two), put once near the top of every verdict prompt of the task so providers' prefix
 * caches can reuse them. Computed from the task and the workspace alone, never from which
 * requirement asked first, so every prompt (and cache key) is the same whatever the order.
 */
export function sharedFiles(ctx: TaskContext, ws: WorkspaceContext, vision: boolean): Promise<SharedFiles> {
  return ctx.memo("shared-files", async () => {
    const items = [...ctx.task.requirements, ...ctx.task.preferences];
    const counts = new Map<string, number>();
    for (const it of items)
      for (const path of readableOf(await locatedFor(ctx, ws, it.criteria), ws))
        counts.set(path, (counts.get(path) ?? 0) + 1);
    const threshold = Math.max(2, Math.ceil(items.length / 4));
    const ranked = [...counts].filter(([, n]) => n >= threshold).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const paths = new Set<string>();
    const blocks: string[] = [];
    const images: string[] = [];
    let used = 0;
    for (const [path] of ranked) {
      const view = await viewOf(ctx, path, FILE_CHARS, vision);
      if (used + view.text.length > SHARED_BUDGET) continue;
      used += view.text.length;
      paths.add(path);
      blocks.push(fence(`file ${path}`, view.text));
      if (view.imageUrl) images.push(view.imageUrl);
    }
    return { paths, text: blocks.join("\n\n"), images };
  });
}

/** Characters of one trace step shown to the model, and how many steps a requirement gets. */
const STEP_CHARS = 1200;
const STEPS_PER_ITEM = 3;

export interface TraceSteps {
  /** The steps about this criterion (and the last step), by index. */
  relevant(criterion: string): TraceStep[];
}

function traceSteps(ctx: TaskContext): Promise<TraceSteps> {
  return ctx.memo("trace-steps", async () => {
    const index = traceIndex(ctx.trace!);
    // every criterion is searched for the shared steps and again for its own: search once
    const found = new Map<string, TraceStep[]>();
    const relevant = (criterion: string) => {
      let steps = found.get(criterion);
      if (!steps) found.set(criterion, (steps = index.relevant(criterion, STEPS_PER_ITEM)));
      return steps;
    };
    return { relevant };
  });
}

export interface SharedSteps {
  indexes: Set<number>;
  text: string;
}

/** Like sharedFiles, for the trace: the steps most requirements of the task are about (the last step nearly always). */
export function sharedSteps(ctx: TaskContext): Promise<SharedSteps> {
  return ctx.memo("shared-steps", async () => {
    if (!ctx.trace?.steps.length) return { indexes: new Set<number>(), text: "" };
    const steps = await traceSteps(ctx);
    const items = [...ctx.task.requirements, ...ctx.task.preferences];
    const counts = new Map<number, { n: number; step: TraceStep }>();
    for (const it of items)
      for (const s of steps.relevant(it.criteria))
        counts.set(s.index, { n: (counts.get(s.index)?.n ?? 0) + 1, step: s });
    const threshold = Math.max(2, Math.ceil(items.length / 4));
    const chosen = [...counts.values()]
      .filter((c) => c.n >= threshold)
      .map((c) => c.step)
      .sort((a, b) => a.index - b.index);
    return {
      indexes: new Set(chosen.map((s) => s.index)),
      text: chosen.map((s) => stepText(s, STEP_CHARS)).join("\n\n"),
    };
  });
}

/** The steps about this criterion that the shared part does not already show. */
export async function ownSteps(ctx: TaskContext, criterion: string, shared: SharedSteps): Promise<string> {
  if (!ctx.trace?.steps.length) return "";
  return (await traceSteps(ctx))
    .relevant(criterion)
    .filter((s) => !shared.indexes.has(s.index))
    .map((s) => stepText(s, STEP_CHARS))
    .join("\n\n");
}

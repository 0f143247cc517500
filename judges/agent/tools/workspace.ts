import { renderTree } from "./tree.js";
import { scanWorkspace, type FileEntry } from "./scan.js";
import { buildSearchIndex, type SearchIndex } from "./search.js";
import type { ToolContext } from "./context.js";

export interface WorkspaceContext {
  entries: FileEntry[];
  tree: string;
  index: SearchIndex;
  /** Stops the index's worker threads; the task's memo calls it when the task is done. */
  close(): void;
}

/** Scanned and indexed once per task and candidate; every requirement of the task shares it. */
export function workspaceContext(ctx: Pick<ToolContext, "workspace" | "memo">): Promise<WorkspaceContext> {
  return ctx.memo("workspace", async () => {
    const { entries, truncated } = await scanWorkspace(ctx.workspace);
    const tree = renderTree(entries) + (truncated ? "\n(listing stopped: the workspace has more files)" : "");
    const index = await buildSearchIndex(ctx.workspace, entries);
    return { entries, tree, index, close: () => index.close() };
  });
}

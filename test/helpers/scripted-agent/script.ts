/**
 * What the scripted agent does for a task, independent of the wire protocol: write the task's
 * files, then look at what it wrote, then say it is done. The files come from a folder per task
 * (the demo's strong sample workspaces, seeds/workspaces/ace/<task>), read at request time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";

export interface ScriptedTask {
  id: string;
  /** The first line of the task's query: how a request is matched to its task. */
  queryStart: string;
  files: { path: string; content: string }[];
}

export const VERIFY_COMMAND = "find . -type f -not -path './.*' | sort";
export const FINAL_TEXT = (t: ScriptedTask) => `Done: wrote ${t.files.length} files for ${t.id} and listed them.`;

function filesUnder(dir: string, root = dir): { path: string; content: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), root) : [{ path: relative(root, join(dir, e.name)), content: readFileSync(join(dir, e.name), "utf8") }],
  );
}

/** The demo tasks (tasks/demo/*.yaml) with the files of the matching folder under `workspaces`. */
export function demoTasks(repoRoot: string, workspaces = join(repoRoot, "seeds/workspaces/ace")): ScriptedTask[] {
  const dir = join(repoRoot, "tasks/demo");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => parse(readFileSync(join(dir, f), "utf8")) as { id: string; query: string })
    .map((t) => ({ id: t.id, queryStart: t.query.trim().split("\n")[0]!.trim(), files: filesUnder(join(workspaces, t.id)) }));
}

/** The task whose query the conversation's text contains. */
export function taskFor(tasks: ScriptedTask[], conversationText: string): ScriptedTask | undefined {
  return tasks.find((t) => conversationText.includes(t.queryStart));
}

/** A Codex-style patch that adds every file (Codex's own apply_patch format). */
export function addFilesPatch(files: ScriptedTask["files"]): string {
  const body = files.map((f) => [`*** Add File: ${f.path}`, ...f.content.replace(/\n$/, "").split("\n").map((l) => `+${l}`)].join("\n"));
  return ["*** Begin Patch", ...body, "*** End Patch"].join("\n");
}

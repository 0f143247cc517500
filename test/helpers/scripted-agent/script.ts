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
  /** Text files, written with the agent's file tools. */
  files: { path: string; content: string }[];
  /** Binary files (a PNG), written through its shell with base64, as an agent would. */
  binaries: { path: string; base64: string }[];
}

const LIST_COMMAND = "find . -type f -not -path './.*' | sort";
/** The second turn's shell command: write the binary files, then list what is there. */
export const verifyCommand = (t: ScriptedTask) =>
  [
    ...t.binaries.map((b) => `mkdir -p "$(dirname '${b.path}')" && echo '${b.base64}' | base64 -d > '${b.path}'`),
    LIST_COMMAND,
  ].join(" && ");
export const FINAL_TEXT = (t: ScriptedTask) =>
  `Done: wrote ${t.files.length + t.binaries.length} files for ${t.id} and listed them.`;

function filesUnder(dir: string, root = dir): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name), root)
      : [{ path: relative(root, join(dir, e.name)), bytes: readFileSync(join(dir, e.name)) }],
  );
}

const isText = (b: Buffer) => !b.includes(0) && Buffer.from(b.toString("utf8"), "utf8").equals(b);

function scriptedTask(id: string, query: string, dir: string): ScriptedTask {
  const all = filesUnder(dir);
  return {
    id,
    queryStart: query.trim().split("\n")[0]!.trim(),
    files: all.filter((f) => isText(f.bytes)).map((f) => ({ path: f.path, content: f.bytes.toString("utf8") })),
    binaries: all.filter((f) => !isText(f.bytes)).map((f) => ({ path: f.path, base64: f.bytes.toString("base64") })),
  };
}

/** The demo tasks (tasks/demo/*.yaml) with the files of the matching folder under `workspaces`. */
export function demoTasks(repoRoot: string, workspaces = join(repoRoot, "seeds/workspaces/ace")): ScriptedTask[] {
  const dir = join(repoRoot, "tasks/demo");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => parse(readFileSync(join(dir, f), "utf8")) as { id: string; query: string })
    .map((t) => scriptedTask(t.id, t.query, join(workspaces, t.id)));
}

/** The task whose query the conversation's text contains. */
export function taskFor(tasks: ScriptedTask[], conversationText: string): ScriptedTask | undefined {
  return tasks.find((t) => conversationText.includes(t.queryStart));
}

/** A Codex-style patch that adds every file (Codex's own apply_patch format). */
export function addFilesPatch(files: ScriptedTask["files"]): string {
  const body = files.map((f) =>
    [
      `*** Add File: ${f.path}`,
      ...f.content
        .replace(/\n$/, "")
        .split("\n")
        .map((l) => `+${l}`),
    ].join("\n"),
  );
  return ["*** Begin Patch", ...body, "*** End Patch"].join("\n");
}

import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { fillTemplate } from "../candidates/types.js";
import { fileError, type Diagnostic } from "../core/diagnostics.js";
import type { LoadResult } from "../tasks/load-suite.js";
import type { Task } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";
import { formatPath, locate } from "../util/yaml-source.js";
import { checkConfigText, resolveConfig } from "./load-config.js";
import type { CandidateConfig } from "./types.js";

/** Loads a suite by absolute path; the caller loads each suite once and reports its diagnostics. */
export type SuiteLoader = (path: string) => Promise<LoadResult>;

const PATH_PLACEHOLDERS = ["task"];
const RUN_PLACEHOLDERS = ["workspace", "query_file", "trajectory_file", "config_dir", "task"];
const LISTED = 5;

const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
const exists = async (p: string) => (await stat(p).catch(() => undefined)) !== undefined;

const names = (list: string[]) => list.map((n) => `{${n}}`).join(", ");
const some = (ids: string[]) =>
  ids.slice(0, LISTED).join(", ") + (ids.length > LISTED ? `, … (${ids.length - LISTED} more)` : "");

/** The folder above a template's first placeholder: it must exist for any task's path to. */
function templateRoot(template: string): string | undefined {
  const i = template.indexOf("{");
  return i < 0 ? undefined : dirname(`${template.slice(0, i)}x`);
}

/**
 * What a run of a project file would trip on, before it starts: the schema, the suites it names
 * (loaded through `load`), path templates with placeholders devjudge does not fill, and candidate
 * folders, repositories and labels that are not there.
 */
export async function checkProject(file: string, load: SuiteLoader): Promise<Diagnostic[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [fileError(file, "no such file")];
  }
  const { raw, src, diagnostics } = checkConfigText(file, text);
  if (!raw || !src || diagnostics.length) return diagnostics;
  const config = resolveConfig(raw, dirname(resolve(file)), file);
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], message: string, severity: Diagnostic["severity"] = "error") =>
    out.push({ file, ...locate(src, path), path: formatPath(path), message, severity });

  const tasks: Task[] = [];
  for (const [i, suite] of config.suites.entries()) {
    if (!(await exists(suite))) {
      at(Array.isArray(raw.suites) ? ["suites", i] : ["suites"], `no such file or directory: ${displayPath(suite)}`);
      continue;
    }
    tasks.push(...(await load(suite)).suite.tasks);
  }
  for (const [i, c] of config.candidates.entries())
    await checkCandidate(c, (field, message, severity) => at(["candidates", i, ...field], message, severity), tasks);
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

type At = (field: (string | number)[], message: string, severity?: Diagnostic["severity"]) => void;

function unknownPlaceholders(template: string, known: string[]): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((n) => !known.includes(n));
}

/** Reports unknown placeholders in a path template; true when it has none. */
function placeholdersKnown(template: string | undefined, field: string, at: At): boolean {
  if (!template) return true;
  const unknown = unknownPlaceholders(template, PATH_PLACEHOLDERS);
  for (const n of unknown)
    at([field], `unknown placeholder '{${n}}' (a path template knows ${names(PATH_PLACEHOLDERS)})`);
  return unknown.length === 0;
}

async function checkCandidate(c: CandidateConfig, at: At, tasks: Task[]): Promise<void> {
  if (c.labels && !(await exists(c.labels)))
    at(["labels"], `not found: ${displayPath(c.labels)} (agreement with labels is left out)`, "warning");
  switch (c.kind) {
    case "dir":
      if (placeholdersKnown(c.path, "path", at)) await checkWorkspaces(c.path, at, tasks);
      if (c.trajectory && placeholdersKnown(c.trajectory, "trajectory", at))
        await checkTrajectories(c.trajectory, at, tasks);
      return;
    case "git":
      placeholdersKnown(c.path, "path", at);
      placeholdersKnown(c.trajectory, "trajectory", at);
      if (isAbsolute(c.repo) && !(await exists(c.repo))) at(["repo"], `repository not found: ${displayPath(c.repo)}`);
      return;
    case "command":
      placeholdersKnown(c.trajectory, "trajectory", at);
      // ${VAR} and single-quoted text ('{print}' for awk) are the shell's, not placeholders
      for (const n of unknownPlaceholders((c.run ?? "").replace(/\$\{[^{}]*\}|'[^']*'/g, ""), RUN_PLACEHOLDERS)) {
        if (/^\w+$/.test(n))
          at(
            ["run"],
            `'{${n}}' is not a placeholder devjudge fills (${names(RUN_PLACEHOLDERS)}); the shell gets it as written`,
            "warning",
          );
      }
      if (c.template?.dir && !(await isDir(c.template.dir)))
        at(["template", "dir"], `folder not found: ${displayPath(c.template.dir)}`);
      if (c.template?.repo && isAbsolute(c.template.repo) && !(await exists(c.template.repo)))
        at(["template", "repo"], `repository not found: ${displayPath(c.template.repo)}`);
  }
}

/** A missing root fails every unit (an error); a task's missing folder fails that unit (a warning). */
async function checkWorkspaces(template: string, at: At, tasks: Task[]): Promise<void> {
  const root = templateRoot(template);
  if (!root) {
    if (!(await isDir(template))) at(["path"], `folder not found: ${displayPath(template)}`);
    return;
  }
  if (!(await isDir(root))) {
    at(
      ["path"],
      `folder not found: ${displayPath(root)} (where '${displayPath(template)}' starts); ` +
        "no task would find its workspace",
    );
    return;
  }
  const missing = await missingFor(template, tasks, isDir);
  if (missing.length)
    at(
      ["path"],
      `no workspace for ${missing.length} of ${tasks.length} task(s), whose units will fail: ${some(missing)}`,
      "warning",
    );
}

/** A trajectory is optional: without one a task is judged black-box, so these are warnings. */
async function checkTrajectories(template: string, at: At, tasks: Task[]): Promise<void> {
  const root = templateRoot(template);
  if (root && !(await isDir(root))) {
    at(
      ["trajectory"],
      `folder not found: ${displayPath(root)} (where '${displayPath(template)}' starts); ` +
        "every task would be judged black-box",
      "warning",
    );
    return;
  }
  const missing = await missingFor(template, tasks, exists);
  if (missing.length)
    at(
      ["trajectory"],
      `no trajectory for ${missing.length} of ${tasks.length} task(s), judged black-box: ${some(missing)}`,
      "warning",
    );
}

async function missingFor(
  template: string,
  tasks: Task[],
  present: (p: string) => Promise<boolean>,
): Promise<string[]> {
  const found = await Promise.all(tasks.map((t) => present(fillTemplate(template, t.id))));
  return tasks.filter((_, i) => !found[i]).map((t) => t.id);
}

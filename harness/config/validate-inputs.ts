import { readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../core/diagnostics.js";
import { loadSuite, type LoadResult } from "../tasks/load-suite.js";
import type { Task } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";
import { checkProject } from "./check-project.js";
import { looksLikeProject } from "./load-config.js";

export interface ValidationResult {
  diagnostics: Diagnostic[];
  projectFiles: number;
  /** Every task of every suite checked (each suite once, also when a project file names it too). */
  tasks: Task[];
}

/**
 * A project file is told from a suite by what it holds (top-level `candidates` or `suites`), not by
 * its name; one that does not parse is taken for a project file when it is named devjudge.yaml.
 */
export async function isProjectFile(path: string): Promise<boolean> {
  const byName = /^devjudge\.ya?ml$/.test(basename(path));
  if (!(await stat(path).catch(() => undefined))?.isFile()) return byName;
  try {
    return looksLikeProject(parseYaml(await readFile(path, "utf8")));
  } catch {
    return byName;
  }
}

/** `devjudge validate`: suites as they are, and project files with everything a run of them would use. */
export async function validateInputs(paths: string[], projects: string[] = []): Promise<ValidationResult> {
  const suites = new Map<string, Promise<LoadResult>>();
  const load = (path: string) => {
    const key = resolve(path);
    let r = suites.get(key);
    if (!r) suites.set(key, (r = loadSuite(displayPath(key))));
    return r;
  };
  const diagnostics: Diagnostic[] = [];
  const projectFiles = [...projects];
  for (const path of paths) {
    if (await isProjectFile(path)) projectFiles.push(path);
    else await load(path);
  }
  for (const file of projectFiles) diagnostics.push(...(await checkProject(file, load)));
  const tasks: Task[] = [];
  for (const r of await Promise.all(suites.values())) {
    diagnostics.push(...r.diagnostics);
    tasks.push(...r.suite.tasks);
  }
  return { diagnostics, projectFiles: projectFiles.length, tasks };
}

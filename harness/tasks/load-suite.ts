import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { schemaDiagnostics } from "../util/schema-check.js";
import { validateTask } from "../util/validators.js";
import { formatPath, locate, parseYamlSource, type YamlSource } from "../util/yaml-source.js";
import { fileError, hasErrors, type Diagnostic } from "../core/diagnostics.js";
import { outsidePaths } from "./check-paths.js";
import { checkGraph, graphMessage } from "./graph.js";
import type { Check, ItemId, Suite, Task } from "./types.js";

export interface LoadResult {
  suite: Suite;
  diagnostics: Diagnostic[];
}

/** Loads a suite: a folder of task files, one task file, or one file with a `tasks:` list. */
export async function loadSuite(path: string): Promise<LoadResult> {
  const files = await suiteFiles(path);
  if (typeof files === "string") return { suite: { path, tasks: [] }, diagnostics: [fileError(path, files)] };
  const diagnostics: Diagnostic[] = [];
  const tasks: Task[] = [];
  for (const file of files) {
    const r = await loadTaskFile(file);
    diagnostics.push(...r.diagnostics);
    tasks.push(...r.tasks);
  }
  diagnostics.push(...duplicateTaskIds(tasks));
  if (tasks.length === 0 && !hasErrors(diagnostics)) diagnostics.push(fileError(path, "the suite has no tasks"));
  return { suite: { path, tasks }, diagnostics };
}

async function suiteFiles(path: string): Promise<string[] | string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return "no such file or directory";
  }
  if (!info.isDirectory()) return [path];
  const rel = await glob(["**/*.yaml", "**/*.yml"], { cwd: path, ignore: ["**/node_modules/**"] });
  if (rel.length === 0) return "no task files (*.yaml, *.yml) in this folder";
  return rel.sort().map((r) => join(path, r));
}

/** Reads one YAML file holding a task or a `tasks:` list. Tasks with errors are left out of `tasks`. */
export async function loadTaskFile(file: string): Promise<{ tasks: Task[]; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
  } catch (e) {
    const msg =
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (e as Error).name === "TypeError"
          ? "not valid UTF-8 text"
          : (e as Error).message;
    return { tasks: [], diagnostics: [fileError(file, msg)] };
  }
  return parseTaskText(file, text);
}

export function parseTaskText(file: string, text: string): { tasks: Task[]; diagnostics: Diagnostic[] } {
  const src = parseYamlSource(file, text);
  if (src.syntaxErrors.length) {
    return {
      tasks: [],
      diagnostics: src.syntaxErrors.map((e) => ({
        file,
        ...e,
        path: "",
        message: `YAML syntax: ${e.message}`,
        severity: "error" as const,
      })),
    };
  }
  const value = src.value;
  if (value === null || value === undefined) return { tasks: [], diagnostics: [fileError(file, "the file is empty")] };
  const isList = typeof value === "object" && !Array.isArray(value) && "tasks" in value;
  if (!isList) return checkOne(src, value, []);
  const list = (value as { tasks: unknown }).tasks;
  if (!Array.isArray(list)) {
    const { line, col } = locate(src, ["tasks"]);
    return {
      tasks: [],
      diagnostics: [{ file, line, col, path: "tasks", message: "expected a list of tasks", severity: "error" }],
    };
  }
  const out = { tasks: [] as Task[], diagnostics: [] as Diagnostic[] };
  list.forEach((t, i) => {
    const r = checkOne(src, t, ["tasks", i]);
    out.tasks.push(...r.tasks);
    out.diagnostics.push(...r.diagnostics);
  });
  return out;
}

function checkOne(
  src: YamlSource,
  value: unknown,
  base: (string | number)[],
): { tasks: Task[]; diagnostics: Diagnostic[] } {
  const diagnostics = [
    ...schemaDiagnostics(validateTask, value, src, base),
    ...graphDiagnostics(src, value, base),
    ...pathDiagnostics(src, value, base),
  ];
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  if (hasErrors(diagnostics)) return { tasks: [], diagnostics };
  return { tasks: [toTask(src, value as RawTask, base)], diagnostics };
}

interface RawItem {
  id: ItemId;
  criteria: string;
  category?: string;
  prerequisites?: ItemId[];
  checks?: Check[];
}
interface RawTask {
  id: string;
  name?: string;
  query: string;
  constraints?: string;
  tags?: string[];
  requirements: RawItem[];
  preferences?: RawItem[];
  is_training_needed?: boolean;
  is_kaggle_api_needed?: boolean;
  is_web_navigation_needed?: boolean;
}

const isId = (v: unknown): v is ItemId => typeof v === "string" || (typeof v === "number" && Number.isInteger(v));

/** Graph checks run on whatever part of the task is well-formed, so one run reports every problem. */
function graphDiagnostics(src: YamlSource, value: unknown, base: (string | number)[]): Diagnostic[] {
  const task = value as Partial<Record<"requirements" | "preferences", unknown>> | null;
  if (!task || typeof task !== "object") return [];
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], message: string, severity: Diagnostic["severity"] = "error") => {
    const full = [...base, ...path];
    const { line, col } = locate(src, full);
    out.push({ file: src.file, line, col, path: formatPath(full), message, severity });
  };
  for (const field of ["requirements", "preferences"] as const) {
    const items = task[field];
    if (!Array.isArray(items)) continue;
    const nodes: { id: ItemId; prerequisites: ItemId[]; index: number }[] = [];
    items.forEach((it, index) => {
      const raw = it as { id?: unknown; prerequisites?: unknown } | null;
      if (!raw || !isId(raw.id)) return;
      const pre = Array.isArray(raw.prerequisites) ? raw.prerequisites.filter(isId) : [];
      nodes.push({ id: raw.id, prerequisites: field === "requirements" ? pre : [], index });
    });
    const noun = field === "requirements" ? "requirement" : "preference";
    for (const p of checkGraph(nodes)) {
      const idx = nodes[p.index]!.index;
      if (p.kind === "duplicate")
        at([field, idx, "id"], graphMessage({ ...p, firstIndex: nodes[p.firstIndex]!.index }, noun));
      else if (p.kind === "cycle") at([field, idx, "prerequisites"], graphMessage(p, noun));
      else at([field, idx, "prerequisites", prereqPosition(items[idx], p.prereqIndex)], graphMessage(p, noun));
    }
  }
  return out;
}

/** Check paths that leave the workspace: the run would refuse them on every candidate, so they are errors here. */
function pathDiagnostics(src: YamlSource, value: unknown, base: (string | number)[]): Diagnostic[] {
  return outsidePaths(value).map(({ path, message }) => {
    const full = [...base, ...path];
    return { file: src.file, ...locate(src, full), path: formatPath(full), message, severity: "error" as const };
  });
}

/** checkGraph indexes the id-valued prerequisites; map back to the position in the YAML list. */
function prereqPosition(raw: unknown, validIndex: number): number {
  const list = (raw as { prerequisites: unknown[] }).prerequisites;
  let seen = -1;
  for (let i = 0; i < list.length; i++) if (isId(list[i]) && ++seen === validIndex) return i;
  return validIndex;
}

function toTask(src: YamlSource, raw: RawTask, base: (string | number)[]): Task {
  const where = (path: (string | number)[]) => ({ file: src.file, ...locate(src, [...base, ...path]) });
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    query: raw.query,
    constraints: raw.constraints,
    tags: raw.tags ?? [],
    requirements: raw.requirements.map((r, i) => ({
      id: r.id,
      criteria: r.criteria,
      category: r.category ?? "Other",
      prerequisites: r.prerequisites ?? [],
      checks: r.checks ?? [],
      source: where(["requirements", i]),
    })),
    preferences: (raw.preferences ?? []).map((p, i) => ({
      id: p.id,
      criteria: p.criteria,
      source: where(["preferences", i]),
    })),
    flags: {
      trainingNeeded: raw.is_training_needed ?? false,
      kaggleApiNeeded: raw.is_kaggle_api_needed ?? false,
      webNavigationNeeded: raw.is_web_navigation_needed ?? false,
    },
    source: where([]),
  };
}

function duplicateTaskIds(tasks: Task[]): Diagnostic[] {
  const first = new Map<string, Task>();
  const out: Diagnostic[] = [];
  for (const t of tasks) {
    const prev = first.get(t.id);
    if (prev) {
      out.push({
        ...t.source,
        path: "id",
        message: `duplicate task id '${t.id}' (also in ${prev.source.file}:${prev.source.line})`,
        severity: "error",
      });
    } else first.set(t.id, t);
  }
  return out;
}

import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { InputError } from "../tasks/diagnostics.js";

export type Label = "satisfied" | "unsatisfied";

/** Human labels for one candidate: task id → item id → label. */
export interface Labels {
  candidate?: string;
  labeler?: string;
  requirements: Map<string, Map<string, Label>>;
  preferences: Map<string, Map<string, Label>>;
}

interface RawLabels {
  candidate?: string;
  labeler?: string;
  tasks?: Record<string, { requirements?: Record<string, unknown>; preferences?: Record<string, unknown> }>;
}

const toLabel = (v: unknown): Label | undefined =>
  v === true || v === "satisfied" ? "satisfied" : v === false || v === "unsatisfied" ? "unsatisfied" : undefined;

const bad = (file: string, message: string, path = "") => new InputError([{ file, line: 1, col: 1, path, message, severity: "error" }]);

/**
 * Reads human labels: a devjudge labels file (YAML, `tasks: {<task>: {requirements: {<id>: satisfied}}}`)
 * or a DevAI judgment folder (one JSON per task with `requirements[].satisfied`).
 */
export async function readLabels(path: string): Promise<Labels> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw bad(path, "no such file or folder");
  return info.isDirectory() ? readDevaiJudgments(path) : readLabelsFile(path);
}

async function readLabelsFile(file: string): Promise<Labels> {
  let raw: RawLabels;
  try {
    raw = parse(await readFile(file, "utf8")) as RawLabels;
  } catch (e) {
    throw bad(file, (e as Error).message.split("\n")[0]!);
  }
  const labels: Labels = { candidate: raw?.candidate, labeler: raw?.labeler, requirements: new Map(), preferences: new Map() };
  for (const [task, entry] of Object.entries(raw?.tasks ?? {})) {
    for (const kind of ["requirements", "preferences"] as const) {
      const m = new Map<string, Label>();
      for (const [id, v] of Object.entries(entry?.[kind] ?? {})) {
        const label = toLabel(v);
        if (!label) throw bad(file, `expected satisfied or unsatisfied, got ${JSON.stringify(v)}`, `tasks.${task}.${kind}.${id}`);
        m.set(id, label);
      }
      labels[kind].set(task, m);
    }
  }
  return labels;
}

interface DevaiJudgment {
  name: string;
  requirements?: { requirement_id: number; satisfied: boolean | null }[];
  preferences?: { preference_id: number; satisfied: boolean | null }[];
}

async function readDevaiJudgments(dir: string): Promise<Labels> {
  const labels: Labels = { requirements: new Map(), preferences: new Map() };
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) throw bad(dir, "no *.json judgments in this folder");
  for (const f of files) {
    let j: DevaiJudgment;
    try {
      j = JSON.parse(await readFile(join(dir, f), "utf8"));
    } catch (e) {
      throw bad(join(dir, f), `not valid JSON: ${(e as Error).message}`);
    }
    // The file name, not `name`: one released judgment names its task "….json".
    const task = f.replace(/\.json$/, "");
    const reqs = new Map<string, Label>();
    for (const r of j.requirements ?? []) {
      const l = toLabel(r.satisfied);
      if (l) reqs.set(String(r.requirement_id), l);
    }
    const prefs = new Map<string, Label>();
    for (const p of j.preferences ?? []) {
      const l = toLabel(p.satisfied);
      if (l) prefs.set(String(p.preference_id), l);
    }
    labels.requirements.set(task, reqs);
    labels.preferences.set(task, prefs);
  }
  return labels;
}

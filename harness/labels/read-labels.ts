import { readFile } from "node:fs/promises";
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

/** Reads a devjudge labels file (YAML): `tasks: {<task>: {requirements: {<id>: satisfied|unsatisfied}}}`. */
export async function readLabels(file: string): Promise<Labels> {
  let raw: RawLabels;
  try {
    raw = parse(await readFile(file, "utf8")) as RawLabels;
  } catch (e) {
    throw new InputError([{ file, line: 1, col: 1, path: "", message: (e as Error).message.split("\n")[0]!, severity: "error" }]);
  }
  const labels: Labels = { candidate: raw?.candidate, labeler: raw?.labeler, requirements: new Map(), preferences: new Map() };
  for (const [task, entry] of Object.entries(raw?.tasks ?? {})) {
    for (const kind of ["requirements", "preferences"] as const) {
      const m = new Map<string, Label>();
      for (const [id, v] of Object.entries(entry?.[kind] ?? {})) {
        const label = toLabel(v);
        if (!label) throw new InputError([{ file, line: 1, col: 1, path: `tasks.${task}.${kind}.${id}`, message: `expected satisfied or unsatisfied, got ${JSON.stringify(v)}`, severity: "error" }]);
        m.set(id, label);
      }
      labels[kind].set(task, m);
    }
  }
  return labels;
}

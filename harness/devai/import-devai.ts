import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Document, parse as parseYaml } from "yaml";
import { checkGraph, graphMessage } from "../tasks/graph.js";
import type { Check } from "../tasks/types.js";

interface DevaiInstance {
  name: string;
  query: string;
  tags?: string[];
  requirements: { requirement_id: number; prerequisites: number[]; criteria: string; category?: string }[];
  preferences?: { preference_id: number; criteria: string }[];
  is_training_needed?: boolean;
  is_kaggle_api_needed?: boolean;
  is_web_navigation_needed?: boolean;
}

type Constraints = Partial<
  Record<"generic" | "is_training_needed" | "is_kaggle_api_needed" | "is_web_navigation_needed", string>
>;

/** Deterministic checks of our own to add to imported tasks: task id → requirement id → checks. */
export type ChecksOverlay = Record<string, Record<string, Check[]>>;

/** Reads DevAI `instances/*.json` (and `constraints.json` beside them) into devjudge task objects. */
export async function importDevai(
  dir: string,
  overlay: ChecksOverlay = {},
): Promise<{ tasks: Record<string, unknown>[]; warnings: string[]; errors: string[] }> {
  const instancesDir = join(dir, "instances");
  let names: string[];
  try {
    names = (await readdir(instancesDir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return { tasks: [], warnings: [], errors: [`${instancesDir}: no such folder (expected DevAI's instances/*.json)`] };
  }
  if (names.length === 0) return { tasks: [], warnings: [], errors: [`${instancesDir}: no *.json instances`] };
  const constraints = await readFile(join(dir, "constraints.json"), "utf8")
    .then((t) => JSON.parse(t) as Constraints)
    .catch(() => ({}) as Constraints);
  const warnings: string[] = [];
  const errors: string[] = [];
  const tasks: Record<string, unknown>[] = [];
  const usedOverlay = new Set<string>();
  for (const name of names) {
    const file = join(instancesDir, name);
    let inst: DevaiInstance;
    try {
      inst = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      errors.push(`${file}: not valid JSON: ${(e as Error).message}`);
      continue;
    }
    if (!inst || typeof inst.name !== "string" || typeof inst.query !== "string" || !Array.isArray(inst.requirements)) {
      errors.push(`${file}: not a DevAI instance (needs name, query and requirements)`);
      continue;
    }
    const requirements = inst.requirements.map((r) => {
      const self = r.prerequisites.filter((p) => p === r.requirement_id);
      if (self.length)
        warnings.push(
          `${inst.name}: requirement ${r.requirement_id} lists itself as a prerequisite; dropped that self-loop`,
        );
      if (!r.category) warnings.push(`${inst.name}: requirement ${r.requirement_id} has no category; set to 'Other'`);
      return {
        id: r.requirement_id,
        criteria: r.criteria,
        category: r.category || "Other",
        prerequisites: r.prerequisites.filter((p) => p !== r.requirement_id),
      };
    });
    for (const p of checkGraph(requirements)) errors.push(`${file}: ${graphMessage(p)}`);
    const extra = overlay[inst.name] ?? {};
    for (const [reqId, checks] of Object.entries(extra)) {
      const req = requirements.find((r) => String(r.id) === reqId);
      if (!req) errors.push(`checks overlay: ${inst.name} has no requirement ${reqId}`);
      else Object.assign(req, { checks });
    }
    if (inst.name in overlay) usedOverlay.add(inst.name);
    const flagText = (["is_training_needed", "is_kaggle_api_needed", "is_web_navigation_needed"] as const)
      .filter((f) => inst[f] && constraints[f])
      .map((f) => constraints[f]);
    const constraintText = [constraints.generic, ...flagText].filter(Boolean).join("\n\n");
    tasks.push({
      id: inst.name,
      name: inst.name.replace(/^\d+_/, "").replaceAll("_", " "),
      query: inst.query,
      ...(constraintText ? { constraints: constraintText } : {}),
      tags: inst.tags ?? [],
      is_training_needed: inst.is_training_needed ?? false,
      is_kaggle_api_needed: inst.is_kaggle_api_needed ?? false,
      is_web_navigation_needed: inst.is_web_navigation_needed ?? false,
      requirements,
      preferences: (inst.preferences ?? []).map((p) => ({ id: p.preference_id, criteria: p.criteria })),
    });
  }
  for (const name of Object.keys(overlay))
    if (!usedOverlay.has(name)) errors.push(`checks overlay: no DevAI task named ${name}`);
  return { tasks, warnings, errors };
}

export async function readChecksOverlay(file: string): Promise<ChecksOverlay> {
  const value = parseYaml(await readFile(file, "utf8")) as unknown;
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new Error(`${file}: expected a map of task id → requirement id → list of checks`);
  return value as ChecksOverlay;
}

/** Writes one YAML file per task, the query as a block scalar so it reads like the prompt it is. */
export async function writeTaskFiles(tasks: Record<string, unknown>[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (const task of tasks) {
    const doc = new Document(task);
    for (const key of ["query", "constraints"]) {
      const node = doc.get(key, true) as { type?: string } | undefined;
      if (node) node.type = "BLOCK_LITERAL";
    }
    const file = join(outDir, `${task.id as string}.yaml`);
    await writeFile(file, doc.toString({ lineWidth: 0 }));
    files.push(file);
  }
  return files;
}

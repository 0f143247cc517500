/**
 * The task schema's check kinds are written in harness/checks/, one file each with its JSON Schema
 * fragment. tasks/schema/task.schema.json is committed and shipped in the npm package (editors read
 * it), so `npm run gen:schema` writes the fragments into its `definitions.check.properties`; the
 * rest of the file is edited by hand. A test fails while the committed file differs from what the
 * fragments give. The validators are compiled from `taskSchema()`, not from the file, so a run
 * checks tasks against the kinds the code has even before the file is regenerated.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkDefinitions } from "../harness/checks/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const TASK_SCHEMA_FILE = join(root, "tasks/schema/task.schema.json");

interface TaskSchema {
  definitions: { check: { properties: Record<string, unknown> } };
}

/** The task schema: the committed file's hand-written parts, with one property per check kind from harness/checks/. */
export function taskSchema(): TaskSchema {
  const schema = JSON.parse(readFileSync(TASK_SCHEMA_FILE, "utf8")) as TaskSchema;
  schema.definitions.check.properties = Object.fromEntries(checkDefinitions.map((d) => [d.kind, d.schema]));
  return schema;
}

/** Rewrites the committed file, formatted as Biome formats it; false when it already says the same. */
export function writeTaskSchema(): boolean {
  const schema = taskSchema();
  if (JSON.stringify(JSON.parse(readFileSync(TASK_SCHEMA_FILE, "utf8"))) === JSON.stringify(schema)) return false;
  const biome = join(root, "node_modules/.bin/biome");
  const formatted = execFileSync(biome, ["format", `--stdin-file-path=${relative(root, TASK_SCHEMA_FILE)}`], {
    cwd: root,
    input: JSON.stringify(schema, null, 2),
  });
  writeFileSync(TASK_SCHEMA_FILE, formatted);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.error(writeTaskSchema() ? `written: ${TASK_SCHEMA_FILE}` : `up to date: ${TASK_SCHEMA_FILE}`);
}

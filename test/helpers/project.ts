import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunEvent } from "../../harness/events/types.js";
import type { Report } from "../../harness/report/types.js";

/** Writes a task file per entry into <dir>/suite/ and returns the folder. */
export async function writeSuite(dir: string, tasks: Record<string, string>): Promise<string> {
  const suite = join(dir, "suite");
  await mkdir(suite, { recursive: true });
  for (const [id, body] of Object.entries(tasks))
    await writeFile(join(suite, `${id}.yaml`), `id: ${id}\nquery: Do ${id}.\n${body}`);
  return suite;
}

export async function writeConfig(dir: string, yaml: string): Promise<string> {
  const file = join(dir, "devjudge.yaml");
  await writeFile(file, yaml);
  return file;
}

export const readReportFile = async (runDir: string): Promise<Report> =>
  JSON.parse(await readFile(join(runDir, "report.json"), "utf8"));

export async function readJournalEvents(runDir: string): Promise<RunEvent[]> {
  const text = await readFile(join(runDir, "journal.jsonl"), "utf8");
  return text.split("\n").flatMap((l) => {
    try {
      return l ? [JSON.parse(l) as RunEvent] : [];
    } catch {
      return [];
    }
  });
}

/** candidate/task#id → status, for comparing runs. */
export function verdictMap(report: Report): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of report.candidates)
    for (const t of c.tasks)
      for (const v of t.requirements) out[`${c.name}/${t.task}#${v.id}`] = `${v.status}: ${v.reason}`;
  return out;
}

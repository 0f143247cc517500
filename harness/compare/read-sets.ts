import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, sep } from "node:path";
import { parse } from "yaml";
import { VERDICT_STATUSES, type VerdictStatus } from "../core/verdict.js";
import { judgedTasks } from "../report/candidate-metrics.js";
import type { Report } from "../report/types.js";
import { fileError, InputError } from "../core/diagnostics.js";
import type { JudgmentSet, SetTask } from "./judgment-types.js";

const bad = (file: string, message: string, path = "") => new InputError([fileError(file, message, path)]);

const toStatus = (v: unknown): VerdictStatus | undefined =>
  v === true
    ? "satisfied"
    : v === false
      ? "unsatisfied"
      : typeof v === "string" && (VERDICT_STATUSES as readonly string[]).includes(v)
        ? (v as VerdictStatus)
        : undefined;

/**
 * Reads judgments from a devjudge report.json (one set per candidate), a devjudge labels file
 * (YAML), or a DevAI judgment folder (one JSON per task).
 */
export async function readJudgmentSets(path: string): Promise<JudgmentSet[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw bad(path, "no such file or folder");
  if (info.isDirectory()) {
    const report = join(path, "report.json");
    if (await stat(report).catch(() => undefined)) return fromReport(report);
    return [await fromDevaiFolder(path)];
  }
  const text = await readFile(path, "utf8");
  if (path.endsWith(".json")) return fromReportText(path, text);
  return [fromLabelsText(path, text)];
}

async function fromReport(file: string) {
  return fromReportText(file, await readFile(file, "utf8"));
}

function fromReportText(file: string, text: string): JudgmentSet[] {
  let report: Report;
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw bad(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!report || !Array.isArray(report.candidates) || !report.suite)
    throw bad(file, "not a devjudge report (no candidates/suite)");
  return report.candidates.map((c) => ({
    name: `${c.name} · ${report.judge.name}`,
    source: file,
    candidate: c.name,
    judge: report.judge.name,
    tasks: judgedTasks(c, report.suite.tasks),
  }));
}

interface RawLabels {
  candidate?: string;
  labeler?: string;
  tasks?: Record<string, { requirements?: Record<string, unknown>; preferences?: Record<string, unknown> }>;
}

/** A devjudge labels file: `tasks: {<task>: {requirements: {<id>: satisfied|unsatisfied}, preferences: {...}}}`. */
function fromLabelsText(file: string, text: string): JudgmentSet {
  let raw: RawLabels;
  try {
    raw = parse(text) as RawLabels;
  } catch (e) {
    throw bad(file, (e as Error).message.split("\n")[0]!);
  }
  if (!raw || typeof raw !== "object" || typeof raw.tasks !== "object")
    throw bad(file, "not a labels file (expected a `tasks:` map)");
  const tasks: SetTask[] = [];
  for (const [task, entry] of Object.entries(raw.tasks ?? {})) {
    const items = (kind: "requirements" | "preferences") =>
      Object.entries(entry?.[kind] ?? {}).map(([id, v]) => {
        const status = toStatus(v);
        if (status !== "satisfied" && status !== "unsatisfied")
          throw bad(file, `expected satisfied or unsatisfied, got ${JSON.stringify(v)}`, `tasks.${task}.${kind}.${id}`);
        return { id: /^\d+$/.test(id) ? Number(id) : id, status };
      });
    tasks.push({ task, requirements: items("requirements"), preferences: items("preferences") });
  }
  return {
    name: `${raw.candidate ?? basename(file)} · labels`,
    source: file,
    candidate: raw.candidate,
    judge: "human",
    tasks,
  };
}

interface DevaiJudgment {
  requirements?: { requirement_id: number; satisfied: boolean | null; category?: string; prerequisites?: number[] }[];
  preferences?: { preference_id: number; satisfied: boolean | null }[];
  executed_successfully?: boolean;
}

/** DevAI's judgments/<Agent>/<judge…>/<task>.json; the agent is read off the path. */
async function fromDevaiFolder(dir: string): Promise<JudgmentSet> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) throw bad(dir, "no report.json and no *.json judgments in this folder");
  const tasks: SetTask[] = [];
  for (const f of files) {
    let j: DevaiJudgment;
    try {
      j = JSON.parse(await readFile(join(dir, f), "utf8"));
    } catch (e) {
      throw bad(join(dir, f), `not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(j?.requirements)) throw bad(join(dir, f), "not a DevAI judgment (no requirements list)");
    tasks.push({
      // The file name, not `name`: one released judgment names its task "….json".
      task: f.replace(/\.json$/, ""),
      requirements: j.requirements.map((r) => ({
        id: r.requirement_id,
        // null (not judged) is not a verdict either way
        status: toStatus(r.satisfied) ?? "undecided",
        category: r.category || "Other",
        prerequisites: r.prerequisites ?? [],
      })),
      preferences: (j.preferences ?? []).flatMap((p) => {
        const status = toStatus(p.satisfied);
        return status ? [{ id: p.preference_id, status }] : [];
      }),
      ...(typeof j.executed_successfully === "boolean" ? { selfTerminated: j.executed_successfully } : {}),
    });
  }
  const parts = dir.split(sep).filter(Boolean);
  const judgeAt = parts.findIndex((p) => p.endsWith("_as_a_judge"));
  const candidate = judgeAt > 0 ? parts[judgeAt - 1] : undefined;
  const judge = judgeAt >= 0 ? parts.slice(judgeAt).join("/") : basename(dir);
  return { name: candidate ? `${candidate} · ${judge}` : judge, source: dir, candidate, judge, tasks };
}

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import type { Judge, JudgeItem, TaskContext, Verdict } from "../../judges/types.js";
import type { CandidateConfig } from "../config/types.js";
import type { EventBus } from "../events/bus.js";
import { labelAgreement } from "../labels/agreement.js";
import { readJudgmentSets } from "../judgments/read-sets.js";
import { ReportBuilder } from "../report/build-report.js";
import { writeRenderedReports } from "../report/write-reports.js";
import type { Report } from "../report/types.js";
import { topologicalOrder } from "../tasks/graph.js";
import { itemKey, type Task } from "../tasks/types.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { displayPath as display } from "../util/display-path.js";
import { VERSION } from "../version.js";
import { materialise } from "./workspaces.js";

export interface RunInput {
  runId: string;
  outputDir: string;
  suitePaths: string[];
  tasks: Task[];
  candidates: CandidateConfig[];
  judge: Judge;
  concurrency: number;
  bus: EventBus;
  signal?: AbortSignal;
}

export interface RunResult {
  report: Report;
  reportPath: string;
}

/** Judges every requirement and preference of every task for every candidate, reporting through the bus. */
export async function runEvaluation(input: RunInput): Promise<RunResult> {
  const { bus, tasks, candidates } = input;
  const signal = input.signal ?? new AbortController().signal;
  const builder = new ReportBuilder({
    suitePaths: input.suitePaths.map(display),
    tasks,
    candidates: candidates.map((c) => ({ name: c.name, kind: c.kind })),
    version: VERSION,
  });
  const unsubscribe = bus.subscribe(builder.listener);
  const started = performance.now();
  await mkdir(input.outputDir, { recursive: true });
  bus.emit({
    type: "run.started",
    runId: input.runId,
    outputDir: input.outputDir,
    suite: input.suitePaths.map(display).join(", "),
    judge: input.judge.name,
    candidates: candidates.map((c) => c.name),
    tasks: tasks.length,
    requirements: tasks.reduce((n, t) => n + t.requirements.length, 0),
    preferences: tasks.reduce((n, t) => n + t.preferences.length, 0),
  });
  const limit = pLimit(input.concurrency);
  const units = candidates.flatMap((c) => tasks.map((t) => ({ candidate: c, task: t })));
  await Promise.all(units.map((u) => limit(() => judgeUnit(u.candidate, u.task, input.judge, bus, signal))));
  const reportPath = join(input.outputDir, "report.json");
  const report = builder.build();
  await addLabelAgreement(report, candidates, bus);
  await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeRenderedReports(report, input.outputDir);
  unsubscribe();
  bus.emit({ type: "run.finished", reportPath, durationMs: performance.now() - started });
  return { report, reportPath };
}

async function addLabelAgreement(report: Report, candidates: CandidateConfig[], bus: EventBus) {
  for (const c of report.candidates) {
    const file = candidates.find((x) => x.name === c.name)?.labels;
    if (!file) continue;
    try {
      const sets = await readJudgmentSets(file);
      const labels = sets.find((s) => s.candidate === c.name) ?? sets[0];
      if (labels) c.labels = labelAgreement(c, labels, display(file));
    } catch (e) {
      bus.emit({ type: "warning", message: `labels for ${c.name} not read: ${(e as Error).message}` });
    }
  }
}

function itemsInOrder(task: Task): JudgeItem[] {
  const byKey = new Map(task.requirements.map((r) => [itemKey(r.id), r]));
  const reqs = topologicalOrder(task.requirements).map((id) => ({ kind: "requirement" as const, item: byKey.get(itemKey(id))! }));
  return [...reqs, ...task.preferences.map((p) => ({ kind: "preference" as const, item: p }))];
}

async function judgeUnit(candidate: CandidateConfig, task: Task, judge: Judge, bus: EventBus, signal: AbortSignal) {
  if (signal.aborted) return;
  const ref = { candidate: candidate.name, task: task.id };
  bus.emit({ type: "task.started", ...ref });
  const items = itemsInOrder(task);
  let ws;
  try {
    ws = await materialise(candidate, task.id);
  } catch (e) {
    const error = (e as Error).message;
    bus.emit({ type: "task.failed", ...ref, error });
    // Every item still gets a verdict, so nothing silently drops out of the metrics.
    for (const it of items) bus.emit({ type: "item.judged", ...ref, kind: it.kind, id: it.item.id, verdict: errorVerdict(error, judge.name) });
    return;
  }
  for (const message of ws.warnings) bus.emit({ type: "warning", ...ref, message });
  bus.emit({
    type: "workspace.ready",
    ...ref,
    workspace: display(ws.workspace),
    trace: ws.trace && { source: display(ws.trace.source), format: ws.trace.format, steps: ws.trace.steps.length, ...ws.trace.totals },
  });
  const memo = new Map<string, Promise<unknown>>();
  const ctx: TaskContext = {
    task,
    candidate: candidate.name,
    workspace: ws.workspace,
    trace: ws.trace,
    signal,
    memo: <T>(key: string, compute: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<T>;
    },
  };
  for (const it of items) {
    if (signal.aborted) return;
    let verdict: Verdict;
    try {
      verdict = await judge.judge(it, ctx);
    } catch (e) {
      verdict = errorVerdict(`judge failed: ${(e as Error).message}`, judge.name);
    }
    bus.emit({ type: "item.judged", ...ref, kind: it.kind, id: it.item.id, verdict });
  }
  bus.emit({ type: "task.finished", ...ref });
}

const errorVerdict = (reason: string, judge: string): Verdict => ({ status: "error", reason, evidence: [], confidence: 0, durationMs: 0, judge });

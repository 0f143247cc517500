import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pLimit, { type LimitFunction } from "p-limit";
import type { Judge, JudgeItem, TaskContext, Verdict, VerdictStatus } from "../../judges/types.js";
import { candidateSource } from "../candidates/index.js";
import type { CandidateSource, Materialised } from "../candidates/types.js";
import type { Config } from "../config/types.js";
import type { EventBus } from "../events/bus.js";
import type { RunEvent, RunManifest } from "../events/types.js";
import { readCandidateLabels } from "../compare/label-agreement.js";
import { ReportBuilder } from "../report/build-report.js";
import type { Report } from "../report/types.js";
import { writeReports, type ReportPaths } from "../report/write-reports.js";
import { topologicalOrder } from "../tasks/graph.js";
import { itemKey, type Task } from "../tasks/types.js";
import { createMemo } from "../util/memo.js";
import { traceSummaryOf } from "../report/trace-summary.js";
import { displayPath } from "../util/display-path.js";
import { VERSION } from "../version.js";
import { Journal, type JournalContents } from "./journal.js";
import { runUnits } from "./units.js";
import { itemKeyOf, unitKey } from "../core/keys.js";

export interface RunInput {
  manifest: RunManifest;
  config: Config;
  judge: Judge;
  bus: EventBus;
  signal?: AbortSignal;
  /** The journal of an interrupted run to finish (`--resume`). */
  prior?: JournalContents;
  /**
   * Requirements being judged at once. For LLM judges this is above the model-call limit (which
   * the LLM client enforces), so requirements waiting on a shared trace summary or workspace index
   * do not hold a model-call slot; for the static judge it bounds the checks running at once.
   */
  itemConcurrency?: number;
}

export interface RunResult {
  report: Report;
  paths: ReportPaths;
  stopped: boolean;
}

/** What an earlier attempt of this run already did, read off its journal. */
function priorState(events: RunEvent[]) {
  const verdicts = new Map<string, VerdictStatus>();
  const agents = new Map<string, RunEvent & { type: "agent.exited" }>();
  for (const e of events) {
    if (e.type === "item.judged") {
      // an error is not a judgment: a resumed run tries it again
      if (e.verdict.status === "error") verdicts.delete(itemKeyOf(e.candidate, e.task, e.kind, e.id));
      else verdicts.set(itemKeyOf(e.candidate, e.task, e.kind, e.id), e.verdict.status);
    }
    if (e.type === "agent.exited") agents.set(unitKey(e.candidate, e.task), e);
  }
  return { verdicts, agents };
}

/**
 * Judges every requirement and preference of every task (of this shard) for every candidate.
 * Everything that happens goes out as one event on the bus; the journal, the report and the
 * displays all read that stream.
 */
export async function runEvaluation(input: RunInput): Promise<RunResult> {
  const { bus, manifest, config, judge } = input;
  const signal = input.signal ?? new AbortController().signal;
  const started = performance.now();
  await mkdir(manifest.outputDir, { recursive: true });
  const builder = new ReportBuilder(VERSION);
  const unsubscribeBuilder = bus.subscribe(builder.listener);
  // a resumed run shows its earlier progress too: the displays and the builder see the journal
  // replayed, before the journal itself subscribes, so nothing is written twice
  for (const e of input.prior?.events ?? []) bus.replay(e);
  const journal = Journal.open(join(manifest.outputDir, "journal.jsonl"), input.prior?.validBytes);
  const unsubscribeJournal = bus.subscribe(journal.listener);
  const prior = priorState(input.prior?.events ?? []);
  const units = runUnits(manifest);
  const total = units.reduce((n, u) => n + u.task.requirements.length + u.task.preferences.length, 0);
  if (input.prior) {
    for (const w of input.prior.warnings) bus.emit({ type: "warning", message: w });
    bus.emit({ type: "run.resumed", judged: prior.verdicts.size, remaining: total - prior.verdicts.size });
  } else {
    bus.emit({
      type: "run.started",
      manifest,
      requirements: units.reduce((n, u) => n + u.task.requirements.length, 0),
      preferences: units.reduce((n, u) => n + u.task.preferences.length, 0),
      units: units.map((u) => ({ candidate: u.candidate, task: u.task.id })),
    });
  }
  const sources = new Map(config.candidates.map((c) => [c.name, candidateSource(c)]));
  const limitCandidates = pLimit(config.concurrency.candidates);
  const limitJudges = pLimit(input.itemConcurrency ?? config.concurrency.judges);
  try {
    await Promise.all(
      units.map((u) =>
        judgeUnit({
          source: sources.get(u.candidate)!,
          task: u.task,
          judge,
          bus,
          signal,
          config,
          manifest,
          prior,
          limitCandidates,
          limitJudges,
        }),
      ),
    );
    const stopped = signal.aborted;
    const labels = await readCandidateLabels(config.candidates, (message) => bus.emit({ type: "warning", message }));
    const report = builder.build(Date.now(), labels);
    const paths = await writeReports(report, manifest.outputDir);
    bus.emit({ type: "run.finished", reportPath: paths.report, durationMs: performance.now() - started, stopped });
    return { report, paths, stopped };
  } finally {
    unsubscribeJournal();
    unsubscribeBuilder();
    journal.close();
  }
}

function itemsInOrder(task: Task): JudgeItem[] {
  const byKey = new Map(task.requirements.map((r) => [itemKey(r.id), r]));
  const reqs = topologicalOrder(task.requirements).map((id) => ({
    kind: "requirement" as const,
    item: byKey.get(itemKey(id))!,
  }));
  return [...reqs, ...task.preferences.map((p) => ({ kind: "preference" as const, item: p }))];
}

interface UnitInput {
  source: CandidateSource;
  task: Task;
  judge: Judge;
  bus: EventBus;
  signal: AbortSignal;
  config: Config;
  manifest: RunManifest;
  prior: ReturnType<typeof priorState>;
  limitCandidates: LimitFunction;
  limitJudges: LimitFunction;
}

const verdictOf = (status: VerdictStatus, reason: string, judge: string): Verdict => ({
  status,
  reason,
  evidence: [],
  confidence: status === "skipped" ? 1 : 0,
  durationMs: 0,
  judge,
});

async function judgeUnit(u: UnitInput) {
  const { task, bus, signal, judge } = u;
  const candidate = u.source.config.name;
  const ref = { candidate, task: task.id };
  const keyOf = (it: JudgeItem) => itemKeyOf(candidate, task.id, it.kind, it.item.id);
  const items = itemsInOrder(task);
  const todo = items.filter((it) => !u.prior.verdicts.has(keyOf(it)));
  if (todo.length === 0 || signal.aborted) return;

  let ws: Materialised;
  try {
    ws = await u.limitCandidates(async () => {
      if (signal.aborted) throw new Error("stopped");
      bus.emit({ type: "task.started", ...ref });
      return u.source.materialise(task, {
        workDir: u.config.workDir,
        runDir: u.manifest.outputDir,
        signal,
        emit: (e) => bus.emit(e),
      });
    });
  } catch (e) {
    if (signal.aborted) return;
    const error = (e as Error).message;
    bus.emit({ type: "task.failed", ...ref, error });
    // Every item still gets a verdict, so nothing silently drops out of the metrics.
    for (const it of todo)
      bus.emit({
        type: "item.judged",
        ...ref,
        kind: it.kind,
        id: it.item.id,
        verdict: verdictOf("error", error, judge.name),
      });
    return;
  }
  for (const message of ws.warnings) bus.emit({ type: "warning", ...ref, message });
  bus.emit({
    type: "workspace.ready",
    ...ref,
    workspace: displayPath(ws.workspace),
    trace: ws.trace && traceSummaryOf(ws.trace, displayPath(ws.trace.source)),
  });

  const memo = createMemo();
  const ctx: TaskContext = {
    task,
    candidate,
    workspace: ws.workspace,
    trace: ws.trace,
    signal,
    emit: (e) => bus.emit(e),
    memo,
  };

  // Each requirement's outcome as a promise, so in dependent mode a requirement waits for its prerequisites.
  const outcome = new Map<string, Promise<VerdictStatus | undefined>>();
  let slotTaken = false;
  for (const it of items) {
    const known = u.prior.verdicts.get(keyOf(it));
    if (known) {
      outcome.set(`${it.kind}:${itemKey(it.item.id)}`, Promise.resolve(known));
      continue;
    }
    outcome.set(`${it.kind}:${itemKey(it.item.id)}`, judgeItem(it));
  }
  await Promise.all(outcome.values()).finally(() => memo.dispose());
  if (!signal.aborted) bus.emit({ type: "task.finished", ...ref });

  async function judgeItem(it: JudgeItem): Promise<VerdictStatus | undefined> {
    if (u.config.mode === "dependent" && it.kind === "requirement") {
      for (const pre of it.item.prerequisites) {
        const status = await outcome.get(`requirement:${itemKey(pre)}`);
        if (status === "unsatisfied" || status === "skipped") {
          const verdict = verdictOf("skipped", `prerequisite #${pre} is ${status}`, judge.name);
          bus.emit({ type: "item.judged", ...ref, kind: it.kind, id: it.item.id, verdict });
          return "skipped";
        }
      }
    }
    return u.limitJudges(async () => {
      if (signal.aborted) return undefined;
      if (!slotTaken) {
        slotTaken = true;
        bus.emit({ type: "judging.started", ...ref });
      }
      let verdict: Verdict;
      try {
        verdict = await judge.judge(it, ctx);
      } catch (e) {
        verdict = verdictOf("error", `judge failed: ${(e as Error).message}`, judge.name);
      }
      // work cut short by a stop is not a verdict: a resumed run judges it
      if (signal.aborted && verdict.status === "error") return undefined;
      bus.emit({ type: "item.judged", ...ref, kind: it.kind, id: it.item.id, verdict });
      return verdict.status;
    });
  }
}

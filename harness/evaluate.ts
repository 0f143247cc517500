import { setMaxListeners } from "node:events";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createJudge } from "../judges/index.js";
import { runsUntrusted } from "./checks/index.js";
import { BatchQueue } from "./llm/batch.js";
import type { Budget, LlmClient } from "./llm/client.js";
import { resolveEndpoint } from "./llm/endpoint.js";
import { createHttpFetch } from "./llm/http-fetch.js";
import { estimateRun, type Estimate } from "./run/estimate.js";
import type { Config } from "./config/types.js";
import { EventBus } from "./events/bus.js";
import type { RunManifest } from "./events/types.js";
import { pathsToHide } from "./config/private-paths.js";
import { allowUnsandboxed, assertCanRunUntrusted, hideFromSandboxes } from "./exec/sandbox.js";
import type { Report } from "./report/types.js";
import type { ReportPaths } from "./report/write-reports.js";
import { readJournal, startedEvent, type JournalContents } from "./run/journal.js";
import { makeOutputDir } from "./run/output-dir.js";
import { newRunId } from "./run/run-id.js";
import { runEvaluation } from "./run/run-evaluation.js";
import { parseShard } from "./run/units.js";
import { formatDiagnostic, hasErrors, InputError } from "./core/diagnostics.js";
import { loadSuite } from "./tasks/load-suite.js";
import type { Task } from "./tasks/types.js";
import { displayPath } from "./util/display-path.js";

export interface EvaluateOptions {
  /** The run directory (default `<config.output>/<run-id>`); must not hold a run already. */
  output?: string;
  /** Finish the interrupted run in this directory: its journal's configuration is used, not `config`. */
  resume?: string;
  /** Judge one deterministic slice of the candidate × task units: `{ index: 2, total: 5 }` or `"2/5"`. */
  shard?: { index: number; total: number } | string;
  /** Aborting stops the run gracefully: in-flight work is abandoned, the journal is kept. */
  signal?: AbortSignal;
  /** Every event of the run goes out on it (displays subscribe before calling). */
  bus?: EventBus;
  /** Run untrusted commands without bubblewrap. */
  unsafeNoSandbox?: boolean;
  /**
   * Stop cleanly before the model calls would cost more than this many USD (a resumed run counts
   * what it spent before).
   */
  budgetUsd?: number;
  /** Where a suite's diagnostics (warnings) go; stderr by default. */
  onDiagnostic?: (line: string) => void;
  /**
   * Called once the run is ready to start (suites loaded, judge created, nothing judged yet), so a
   * caller can attach a display to the bus only when no input error can stop the run any more.
   */
  beforeRun?: (manifest: RunManifest) => void | Promise<void>;
}

export interface EvaluateResult {
  report: Report;
  /** `report.json` and the rendered reports beside it. */
  paths: ReportPaths;
  outputDir: string;
  /** The configuration the run used: `config`, or for a resumed run the one it started with. */
  config: Config;
  /** Set when the budget stopped the run: what was spent of it. */
  budgetReached?: { spentUsd: number; limitUsd: number };
  /** The signal (or the budget) stopped the run before every unit was judged. */
  stopped: boolean;
}

/**
 * Judges every requirement of every task of the configured suites for every candidate, and writes
 * the run directory (journal, report.json, summary.md, junit.xml, index.html). What the CLI's
 * `devjudge run` does, minus flags, displays and exit codes.
 *
 * Throws InputError (bad suite, output folder, shard), NoEndpointError (an LLM judge without a
 * key) or SandboxUnavailableError before anything is judged; failures while judging become
 * `error` verdicts and the report's coverage says so.
 */
export async function evaluate(config: Config, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  const { manifest, prior } = options.resume ? resumeFrom(options.resume) : await newRun(config, options);
  const cfg = manifest.config;
  if (options.unsafeNoSandbox) allowUnsandboxed(true);
  if (runsUntrustedCommands(cfg, manifest.tasks)) assertCanRunUntrusted();
  // the run directory, labels, caches and other candidates' data stay out of every sandbox
  hideFromSandboxes(pathsToHide(cfg, manifest.outputDir));
  const created = createJudge(cfg);
  const bus = options.bus ?? new EventBus();
  // the caller's signal, or the budget, stops the run; every in-flight model call listens on this one
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const budget =
    options.budgetUsd === undefined ? undefined : setBudget(options.budgetUsd, created.llm, prior, bus, stop);
  if (cfg.judge.batch && created.llm) created.llm.useBatch(batchQueue(cfg, manifest, prior, bus, stop.signal));
  await options.beforeRun?.(manifest);
  const result = await runEvaluation({
    manifest,
    config: cfg,
    judge: created.judge,
    bus,
    signal: stop.signal,
    prior,
    // in batch mode every requirement is under way at once, so a phase's requests go out as one batch
    itemConcurrency: created.llm ? (cfg.judge.batch ? 1_000_000 : cfg.concurrency.judges * 4) : undefined,
  });
  return {
    report: result.report,
    paths: result.paths,
    outputDir: manifest.outputDir,
    config: cfg,
    stopped: result.stopped,
    ...(budget?.reached ? { budgetReached: { spentUsd: budget.spentUsd, limitUsd: budget.limitUsd } } : {}),
  };
}

/**
 * The model calls, tokens and cost range a run of `config` would take, from the prompts the judges
 * would build — nothing is sent. Undefined for the static judge (it calls no model).
 */
export async function estimate(
  config: Config,
  options: Pick<EvaluateOptions, "shard" | "onDiagnostic"> = {},
): Promise<Estimate | undefined> {
  if (config.judge.name === "static") return undefined;
  const { manifest } = await buildManifest(config, options);
  return estimateRun(config, manifest);
}

/** --budget: the limit, counting what earlier attempts of the run (its journal) spent; reaching it stops the run. */
function setBudget(
  limitUsd: number,
  llm: LlmClient | undefined,
  prior: JournalContents | undefined,
  bus: EventBus,
  stop: AbortController,
) {
  if (!llm)
    throw new InputError([], "--budget: the static judge makes no model call; a budget needs --judge llm or agent");
  if (!llm.price)
    throw new InputError(
      [],
      `--budget: no price is known for model '${llm.config.model}'; add it under judge.prices in the project file`,
    );
  let spentUsd = 0;
  for (const e of prior?.events ?? []) if (e.type === "usage" && !e.cached) spentUsd += e.cost;
  const budget: Budget & { reached?: boolean } = { limitUsd, spentUsd, reservedUsd: 0 };
  budget.onReached = () => {
    if (budget.reached) return;
    budget.reached = true;
    bus.emit({
      type: "warning",
      message:
        `budget of $${limitUsd.toFixed(2)} reached: ` +
        "stopping (calls in flight are abandoned, nothing more is sent)",
    });
    stop.abort();
  };
  llm.setBudget(budget);
  return budget;
}

/** `judge.batch`: the pipeline's calls go through the Batch API; a resumed run polls the batches its journal names. */
function batchQueue(
  cfg: Config,
  manifest: RunManifest,
  prior: JournalContents | undefined,
  bus: EventBus,
  signal: AbortSignal,
) {
  const endpoint = resolveEndpoint(cfg.judge);
  return new BatchQueue({
    baseURL: endpoint.baseURL ?? "https://api.openai.com/v1",
    apiKey: endpoint.apiKey,
    runDir: manifest.outputDir,
    emit: (e) => bus.emit(e),
    prior: prior?.events,
    http: createHttpFetch(),
    signal,
    pollMs: cfg.judge.batchPollS * 1000,
  });
}

function resumeFrom(runDir: string): { manifest: RunManifest; prior: JournalContents } {
  const dir = resolve(runDir);
  const file = join(dir, "journal.jsonl");
  if (!existsSync(file)) throw new InputError([], `${displayPath(file)}: no journal to resume from`);
  const prior = readJournal(file);
  const started = startedEvent(prior.events);
  if (!started) throw new InputError([], `${displayPath(file)}: the journal has no run.started event; start a new run`);
  return { manifest: { ...started.manifest, outputDir: dir }, prior };
}

async function newRun(config: Config, options: EvaluateOptions): Promise<{ manifest: RunManifest; prior?: undefined }> {
  const { manifest } = await buildManifest(config, options);
  if (existsSync(join(manifest.outputDir, "journal.jsonl"))) {
    throw new InputError(
      [],
      `${displayPath(manifest.outputDir)} already holds a run; ` +
        `use --resume ${displayPath(manifest.outputDir)} to finish it, or another --output`,
    );
  }
  await makeOutputDir(manifest.outputDir);
  return { manifest };
}

async function buildManifest(
  config: Config,
  options: Pick<EvaluateOptions, "output" | "shard" | "onDiagnostic">,
): Promise<{ manifest: RunManifest }> {
  const shard = typeof options.shard === "string" ? parseShard(options.shard) : options.shard;
  const tasks = await loadTasks(config.suites, options.onDiagnostic ?? ((line) => console.error(line)));
  const runId = newRunId();
  const manifest: RunManifest = {
    runId,
    outputDir: options.output ? resolve(options.output) : resolve(config.output, runId),
    suitePaths: config.suites.map(displayPath),
    tasks,
    candidates: config.candidates.map((c) => ({ name: c.name, kind: c.kind })),
    judge: config.judge.name,
    mode: config.mode,
    ...(shard ? { shard } : {}),
    config,
  };
  return { manifest };
}

/** Every task of every suite; a suite with errors stops the run before anything is judged. */
export async function loadTasks(paths: string[], onDiagnostic: (line: string) => void): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const path of paths) {
    const { suite, diagnostics } = await loadSuite(path);
    for (const d of diagnostics) onDiagnostic(formatDiagnostic(d));
    if (hasErrors(diagnostics))
      throw new InputError(
        [],
        `the suite has errors; nothing was judged (see \`devjudge validate ${displayPath(path)}\`)`,
      );
    tasks.push(...suite.tasks);
  }
  const seen = new Map<string, string>();
  for (const t of tasks) {
    if (seen.has(t.id))
      throw new InputError([], `task id '${t.id}' is in two suites (${seen.get(t.id)} and ${t.source.file})`);
    seen.set(t.id, t.source.file);
  }
  return tasks;
}

/** Whether this run will execute commands from the candidates' side (checks run the workspace's code too). */
export function runsUntrustedCommands(config: Config, tasks: Task[]): boolean {
  const checks = config.judge.name === "static" || config.judge.staticFirst;
  return (
    config.candidates.some((c) => c.kind === "command") ||
    (config.judge.name === "agent" && config.judge.runTool) ||
    (checks && tasks.some((t) => t.requirements.some((r) => r.checks.some(runsUntrusted))))
  );
}

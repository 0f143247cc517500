import { setMaxListeners } from "node:events";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { createJudge } from "../../../judges/index.js";
import { NoEndpointError, resolveEndpoint } from "../../llm/endpoint.js";
import { BatchQueue } from "../../llm/batch.js";
import { createHttpFetch } from "../../llm/http-fetch.js";
import type { Judge } from "../../../judges/types.js";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../config/load-config.js";
import type { Config } from "../../config/types.js";
import { JsonLinesDisplay } from "../../display/json-lines.js";
import { PlainDisplay } from "../../display/plain.js";
import type { Display, UiMode } from "../../display/types.js";
import { EventBus } from "../../events/bus.js";
import { allowUnsandboxed, assertCanRunUntrusted, SandboxUnavailableError } from "../../exec/sandbox.js";
import type { RunManifest } from "../../events/types.js";
import { belowThresholds, parseThresholds, type Threshold } from "../../gates/thresholds.js";
import { readJournal, type JournalContents } from "../../run/journal.js";
import { newRunId } from "../../run/run-id.js";
import { runEvaluation } from "../../run/run-evaluation.js";
import { parseShard } from "../../run/units.js";
import { formatDiagnostic, hasErrors, InputError } from "../../tasks/diagnostics.js";
import { loadSuite } from "../../tasks/load-suite.js";
import type { Task } from "../../tasks/types.js";
import { displayPath } from "../../util/display-path.js";
import { EXIT } from "../exit-codes.js";
import type { Budget, LlmClient } from "../../llm/client.js";
import { estimateLines, estimateRun } from "../../run/estimate.js";

/** --budget: the limit, counting what earlier attempts of the run (its journal) spent. */
function budgetOf(flag: string | undefined, prepared: Prepared, llm: LlmClient | undefined): Budget | undefined {
  const limitUsd = positiveNumber("--budget", flag);
  if (limitUsd === undefined) return undefined;
  if (!llm) throw new InputError([], "--budget: the static judge makes no model call; a budget needs --judge llm or agent");
  if (!llm.price) throw new InputError([], `--budget: no price is known for model '${llm.config.model}'; add it under judge.prices in the project file`);
  let spentUsd = 0;
  for (const e of prepared.prior?.events ?? []) if (e.type === "usage" && !e.cached) spentUsd += e.cost;
  return { limitUsd, spentUsd, reservedUsd: 0 };
}

async function printEstimate(prepared: Prepared, ui: UiMode | undefined): Promise<number> {
  if (prepared.prior) throw new InputError([], "--estimate works on a new run, not with --resume");
  if (prepared.config.judge.name === "static") {
    console.log("estimate: the static judge makes no model call (0 calls, 0 tokens, $0)");
    return EXIT.ok;
  }
  const e = await estimateRun(prepared.config, prepared.manifest);
  if (ui === "json") console.log(JSON.stringify(e));
  else for (const line of estimateLines(e)) console.log(line);
  return EXIT.ok;
}

interface RunFlags {
  config?: string;
  suite?: string[];
  judge?: string;
  output?: string;
  outputRoot?: string;
  ui?: string;
  concurrency?: string;
  candidateConcurrency?: string;
  mode?: string;
  model?: string;
  workflow?: string;
  votes?: string;
  baseUrl?: string;
  rpm?: string;
  tpm?: string;
  retries?: string;
  cache?: boolean;
  cacheDir?: string;
  workDir?: string;
  agentTimeout?: string;
  candidate?: string[];
  shard?: string;
  resume?: string;
  failUnder?: string[];
  set?: string[];
  unsafeNoSandbox?: boolean;
  estimate?: boolean;
  budget?: string;
  batch?: boolean;
}

export function registerRun(program: Command) {
  program
    .command("run")
    .description("judge every requirement of every task for every candidate and write reports/<run-id>/")
    .option("-c, --config <file>", `project file (default: ./${DEFAULT_CONFIG_FILE})`)
    .option("-s, --suite <path...>", "suite folder(s) or file(s), instead of the project file's")
    .option("-j, --judge <name>", "static | llm | agent")
    .option("-o, --output <run-dir>", "run directory (default: <output root>/<run-id>)")
    .option("--output-root <dir>", "where run directories go (project file: output)")
    .option("--ui <mode>", "ink | plain | json (default: plain when not a terminal)")
    .option("--concurrency <n>", "judge calls at once (project file: concurrency.judges)")
    .option("--candidate-concurrency <n>", "candidate × task units checked out or run at once")
    .option("--mode <mode>", "independent | dependent (skip requirements whose prerequisite is unsatisfied)")
    .option("--model <name>", "model for the LLM judges")
    .option("--workflow <name>", "pipeline | agentic (agent judge)")
    .option("--votes <k>", "samples per requirement; strict majority decides")
    .option("--base-url <url>", "OpenAI-compatible endpoint (default $OPENAI_BASE_URL)")
    .option("--rpm <n>", "requests per minute to the model endpoint")
    .option("--tpm <n>", "tokens per minute to the model endpoint")
    .option("--retries <n>", "retries of a failed model call")
    .option("--no-cache", "neither read nor write the LLM response cache")
    .option("--cache-dir <dir>", "LLM response cache (default .devjudge/cache)")
    .option("--work-dir <dir>", "git clones (default .devjudge/work)")
    .option("--agent-timeout <seconds>", "time limit for command candidates (default 1800)")
    .option("--candidate <name...>", "judge only these candidates")
    .option("--shard <i/N>", "judge a deterministic slice of the candidate × task units (merge shards with devjudge merge)")
    .option("--set <option=value...>", "any project-file option by its dotted path, e.g. judge.temperature=0.7 retries.max_delay=30")
    .option("--unsafe-no-sandbox", "run untrusted commands (command checks and candidates, the run tool) without bubblewrap")
    .option("--resume <run-dir>", "finish an interrupted run: what its journal holds is not judged again")
    .option("--batch", "send the model calls through the OpenAI Batch API: half price, results within 24 hours (nightly runs; see the README)")
    .option("--estimate", "print the model calls, tokens and cost range the run would take, without calling the model, and exit")
    .option("--budget <usd>", "stop the run cleanly before its model calls would cost more than this (with --resume: the total, counting what the run spent before)")
    .option("--fail-under <metric=percent...>", "exit 1 when a candidate's metric is below it, e.g. reqMetI=60 (reqMetI, reqMetD, solveRate, selfTermination, preferences)")
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
}

function usage(message: string): number {
  console.error(`error: ${message}`);
  return EXIT.usage;
}

const positiveInt = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError([], `${name} must be a positive integer, not '${v}'`);
  return n;
};
const positiveNumber = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InputError([], `${name} must be a positive number, not '${v}'`);
  return n;
};
function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new InputError([], `${name} must be ${allowed.join(", ")}; not '${v}'`);
  return v as T;
}

/** Flags win over the project file. */
function applyFlags(config: Config, f: RunFlags): Config {
  const c: Config = structuredClone(config);
  if (f.suite) c.suites = f.suite.map((s) => resolve(s));
  if (f.outputRoot) c.output = resolve(f.outputRoot);
  c.judge.name = oneOf("--judge", f.judge, ["static", "llm", "agent"] as const) ?? c.judge.name;
  c.judge.workflow = oneOf("--workflow", f.workflow, ["pipeline", "agentic"] as const) ?? c.judge.workflow;
  c.mode = oneOf("--mode", f.mode, ["independent", "dependent"] as const) ?? c.mode;
  c.judge.model = f.model ?? c.judge.model;
  if (f.batch) c.judge.batch = true;
  c.judge.baseUrl = f.baseUrl ?? c.judge.baseUrl;
  c.judge.votes = positiveInt("--votes", f.votes) ?? c.judge.votes;
  c.judge.requestsPerMinute = positiveNumber("--rpm", f.rpm) ?? c.judge.requestsPerMinute;
  c.judge.tokensPerMinute = positiveNumber("--tpm", f.tpm) ?? c.judge.tokensPerMinute;
  if (f.retries !== undefined) {
    const n = Number(f.retries);
    if (!Number.isInteger(n) || n < 0) throw new InputError([], `--retries must be an integer >= 0, not '${f.retries}'`);
    c.retries.max = n;
  }
  c.concurrency.judges = positiveInt("--concurrency", f.concurrency) ?? c.concurrency.judges;
  c.concurrency.candidates = positiveInt("--candidate-concurrency", f.candidateConcurrency) ?? c.concurrency.candidates;
  if (f.cache === false) c.cache.enabled = false;
  if (f.cacheDir) c.cache.dir = resolve(f.cacheDir);
  if (f.workDir) c.workDir = resolve(f.workDir);
  const timeout = positiveNumber("--agent-timeout", f.agentTimeout);
  if (timeout) for (const cand of c.candidates) if (cand.kind === "command") cand.timeoutS = timeout;
  if (f.candidate) {
    const unknown = f.candidate.filter((n) => !c.candidates.some((x) => x.name === n));
    if (unknown.length) throw new InputError([], `--candidate: no candidate named ${unknown.join(", ")} (have ${c.candidates.map((x) => x.name).join(", ")})`);
    c.candidates = c.candidates.filter((x) => f.candidate!.includes(x.name));
  }
  return c;
}

async function loadTasks(paths: string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const path of paths) {
    const { suite, diagnostics } = await loadSuite(path);
    for (const d of diagnostics) console.error(formatDiagnostic(d));
    if (hasErrors(diagnostics)) throw new InputError([], `the suite has errors; nothing was judged (see \`devjudge validate ${displayPath(path)}\`)`);
    tasks.push(...suite.tasks);
  }
  const seen = new Map<string, string>();
  for (const t of tasks) {
    if (seen.has(t.id)) throw new InputError([], `task id '${t.id}' is in two suites (${seen.get(t.id)} and ${t.source.file})`);
    seen.set(t.id, t.source.file);
  }
  return tasks;
}

interface Prepared {
  config: Config;
  manifest: RunManifest;
  prior?: JournalContents;
}

async function prepare(flags: RunFlags): Promise<Prepared> {
  if (flags.resume) {
    const dir = resolve(flags.resume);
    const file = join(dir, "journal.jsonl");
    if (!existsSync(file)) throw new InputError([], `${displayPath(file)}: no journal to resume from`);
    const prior = readJournal(file);
    const started = prior.events.find((e) => e.type === "run.started");
    if (!started || started.type !== "run.started") throw new InputError([], `${displayPath(file)}: the journal has no run.started event; start a new run`);
    const manifest = { ...started.manifest, outputDir: dir };
    return { config: manifest.config as Config, manifest, prior };
  }
  const config = applyFlags(await loadConfig(flags.config ?? DEFAULT_CONFIG_FILE, flags.set ?? []), flags);
  const tasks = await loadTasks(config.suites);
  const runId = newRunId();
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const manifest: RunManifest = {
    runId,
    outputDir: flags.output ? resolve(flags.output) : resolve(config.output, runId),
    suitePaths: config.suites.map(displayPath),
    tasks,
    candidates: config.candidates.map((c) => ({ name: c.name, kind: c.kind })),
    judge: config.judge.name,
    mode: config.mode,
    ...(shard ? { shard } : {}),
    config,
  };
  if (existsSync(join(manifest.outputDir, "journal.jsonl"))) {
    throw new InputError([], `${displayPath(manifest.outputDir)} already holds a run; use --resume ${displayPath(manifest.outputDir)} to finish it, or another --output`);
  }
  return { config, manifest };
}

/** Whether this run will execute commands from the candidates' side (checks run the workspace's code too). */
function runsUntrustedCommands({ config, manifest }: Prepared): boolean {
  const checks = config.judge.name === "static" || config.judge.staticFirst;
  return (
    config.candidates.some((c) => c.kind === "command") ||
    (config.judge.name === "agent" && config.judge.runTool) ||
    (checks && manifest.tasks.some((t) => t.requirements.some((r) => r.checks.some((c) => "command" in c))))
  );
}

/** Ink in a terminal, plain lines in CI or a pipe, unless --ui says otherwise. Ink (with React) is loaded only when it is used: it costs about 0.7 s of CPU to load. */
async function pickDisplay(mode: UiMode | undefined, onStop: () => void): Promise<Display> {
  if (mode === "json") return new JsonLinesDisplay();
  const ink = mode === "ink" || (mode === undefined && process.stdout.isTTY && !process.env.CI);
  if (!ink) return new PlainDisplay();
  const { InkDisplay } = await import("../../display/ink/ink-display.js");
  return new InkDisplay(onStop);
}

async function run(flags: RunFlags): Promise<number> {
  let thresholds: Threshold[];
  let prepared: Prepared;
  let judge: Judge;
  let itemConcurrency: number | undefined;
  let ui: UiMode | undefined;
  let llm: LlmClient | undefined;
  let budget: Budget | undefined;
  try {
    ui = oneOf("--ui", flags.ui, ["ink", "plain", "json"] as const);
    thresholds = parseThresholds(flags.failUnder ?? []);
    if (flags.shard) parseShard(flags.shard);
    prepared = await prepare(flags);
    if (flags.estimate) return await printEstimate(prepared, ui);
    if (flags.unsafeNoSandbox) allowUnsandboxed(true);
    if (runsUntrustedCommands(prepared)) assertCanRunUntrusted();
    const created = createJudge(prepared.config);
    judge = created.judge;
    llm = created.llm;
    // in batch mode every requirement is under way at once, so a phase's requests go out as one batch
    if (created.llm) itemConcurrency = prepared.config.judge.batch ? 1_000_000 : prepared.config.concurrency.judges * 4;
    budget = budgetOf(flags.budget, prepared, llm);
  } catch (e) {
    if (e instanceof InputError || e instanceof NoEndpointError || e instanceof SandboxUnavailableError) return usage(e.message);
    if (e instanceof Error && /^--(shard|fail-under)/.test(e.message)) return usage(e.message);
    throw e;
  }
  const bus = new EventBus();
  const stop = new AbortController();
  // every in-flight model call listens on this one signal
  setMaxListeners(0, stop.signal);
  const resumeHint = `devjudge run --resume ${displayPath(prepared.manifest.outputDir)}`;
  const onSignal = () => {
    if (stop.signal.aborted) {
      console.error(`exiting at once; to finish this run later: ${resumeHint}`);
      process.exit(130);
    }
    display.stopping?.();
    stop.abort();
  };
  let budgetReached = false;
  if (budget && llm) {
    budget.onReached = () => {
      if (budgetReached) return;
      budgetReached = true;
      bus.emit({ type: "warning", message: `budget of $${budget!.limitUsd.toFixed(2)} reached: stopping (calls in flight are abandoned, nothing more is sent)` });
      stop.abort();
    };
    llm.setBudget(budget);
  }
  if (prepared.config.judge.batch && llm) {
    const endpoint = resolveEndpoint(prepared.config.judge);
    llm.useBatch(
      new BatchQueue({
        baseURL: endpoint.baseURL ?? "https://api.openai.com/v1",
        apiKey: endpoint.apiKey,
        runDir: prepared.manifest.outputDir,
        emit: (e) => bus.emit(e),
        prior: prepared.prior?.events,
        http: createHttpFetch(),
        signal: stop.signal,
        pollMs: prepared.config.judge.batchPollS * 1000,
      }),
    );
  }
  const display = await pickDisplay(ui, onSignal);
  display.attach(bus);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { report, reportPath, stopped } = await runEvaluation({ ...prepared, judge, bus, signal: stop.signal, itemConcurrency });
    await display.finish(report, reportPath);
    if (budgetReached) {
      console.error(`budget reached: $${budget!.spentUsd.toFixed(4)} of $${budget!.limitUsd.toFixed(2)} spent; everything judged is kept. To go on: ${resumeHint} --budget <a larger total>`);
      return EXIT.runFailed;
    }
    if (stopped) {
      console.error(`stopped; to finish: ${resumeHint}`);
      return EXIT.runFailed;
    }
    const below = belowThresholds(report, thresholds);
    for (const line of below) console.error(`below threshold: ${line}`);
    return below.length ? EXIT.failed : EXIT.ok;
  } catch (e) {
    console.error(`run failed: ${(e as Error).stack ?? e}\nthe journal is kept; to try again: ${resumeHint}`);
    return EXIT.runFailed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

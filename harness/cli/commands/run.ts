import { resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../config/load-config.js";
import type { Config } from "../../config/types.js";
import { JsonLinesDisplay } from "../../display/json-lines.js";
import { PlainDisplay } from "../../display/plain.js";
import type { Display, UiMode } from "../../display/types.js";
import { estimate, evaluate } from "../../evaluate.js";
import { estimateLines } from "../../run/estimate.js";
import { EventBus } from "../../events/bus.js";
import { SandboxUnavailableError } from "../../exec/sandbox.js";
import { runOutcome } from "../../gates/run-outcome.js";
import { parseThresholds, type Threshold } from "../../gates/thresholds.js";
import { NoEndpointError } from "../../llm/endpoint.js";
import { parseShard } from "../../run/units.js";
import { InputError } from "../../core/diagnostics.js";
import { displayPath } from "../../util/display-path.js";
import { recordFinishedRun } from "../../history/record-finished-run.js";
import { EXIT } from "../exit-codes.js";
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
  allowErrors?: boolean;
  set?: string[];
  unsafeNoSandbox?: boolean;
  db?: string;
  history?: boolean;
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
    .option(
      "--shard <i/N>",
      "judge a deterministic slice of the candidate × task units (merge shards with devjudge merge)",
    )
    .option(
      "--set <option=value...>",
      "any project-file option by its dotted path, e.g. judge.temperature=0.7 retries.max_delay=30",
    )
    .option(
      "--unsafe-no-sandbox",
      "run untrusted commands (command checks and candidates, the run tool) without bubblewrap",
    )
    .option("--resume <run-dir>", "finish an interrupted run: what its journal holds is not judged again")
    .option(
      "--batch",
      "send the model calls through the OpenAI Batch API: half price, results within 24 hours " +
        "(nightly runs; see the README)",
    )
    .option(
      "--estimate",
      "print the model calls, tokens and cost range the run would take, without calling the model, and exit",
    )
    .option(
      "--budget <usd>",
      "stop the run cleanly before its model calls would cost more than this " +
        "(with --resume: the total, counting what the run spent before)",
    )
    .option(
      "--db <file-or-url>",
      "record the finished run in this history: a SQLite file or a postgres:// URL " +
        "(project file: history.db; default .devjudge/history.db)",
    )
    .option("--no-history", "do not record the run in the history")
    .option(
      "--fail-under <metric=percent...>",
      "exit 1 when a candidate's metric is below it, e.g. reqMetI=60 " +
        "(reqMetI, reqMetD, solveRate, selfTermination, preferences), or when coverage is below 100%",
    )
    .option(
      "--allow-errors",
      "exit 0 even when a unit failed or a verdict is an error (the metrics leave those out; coverage says how many)",
    )
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
    if (!Number.isInteger(n) || n < 0)
      throw new InputError([], `--retries must be an integer >= 0, not '${f.retries}'`);
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
    if (unknown.length)
      throw new InputError(
        [],
        `--candidate: no candidate named ${unknown.join(", ")} (have ${c.candidates.map((x) => x.name).join(", ")})`,
      );
    c.candidates = c.candidates.filter((x) => f.candidate!.includes(x.name));
  }
  return c;
}

/**
 * Ink in a terminal, plain lines in CI or a pipe, unless --ui says otherwise. Ink (with React) is
 * loaded only when it is used: it costs about 0.7 s of CPU to load.
 */
async function pickDisplay(mode: UiMode | undefined, onStop: () => void): Promise<Display> {
  if (mode === "json") return new JsonLinesDisplay();
  const ink = mode === "ink" || (mode === undefined && process.stdout.isTTY && !process.env.CI);
  if (!ink) return new PlainDisplay();
  const { InkDisplay } = await import("../../display/ink/ink-display.js");
  return new InkDisplay(onStop);
}

async function run(flags: RunFlags): Promise<number> {
  let thresholds: Threshold[];
  let ui: UiMode | undefined;
  let config: Config | undefined;
  let budgetUsd: number | undefined;
  try {
    ui = oneOf("--ui", flags.ui, ["ink", "plain", "json"] as const);
    thresholds = parseThresholds(flags.failUnder ?? []);
    if (flags.shard) parseShard(flags.shard);
    if (!flags.resume)
      config = applyFlags(await loadConfig(flags.config ?? DEFAULT_CONFIG_FILE, flags.set ?? []), flags);
    if (flags.estimate) {
      if (!config) throw new InputError([], "--estimate works on a new run, not with --resume");
      const e = await estimate(config, { shard: flags.shard });
      if (ui === "json") console.log(JSON.stringify(e));
      else
        for (const line of e
          ? estimateLines(e)
          : ["estimate: the static judge makes no model call (0 calls, 0 tokens, $0)"])
          console.log(line);
      return EXIT.ok;
    }
    budgetUsd = positiveNumber("--budget", flags.budget);
  } catch (e) {
    if (e instanceof InputError) return usage(e.message);
    throw e;
  }
  const bus = new EventBus();
  const stop = new AbortController();
  let outputDir = flags.resume ? resolve(flags.resume) : flags.output ? resolve(flags.output) : undefined;
  bus.subscribe((e) => {
    if (e.type === "run.started") outputDir = e.manifest.outputDir;
  });
  const resumeHint = () => `devjudge run --resume ${displayPath(outputDir ?? "<run-dir>")}`;
  const onSignal = () => {
    if (stop.signal.aborted) {
      console.error(`exiting at once; to finish this run later: ${resumeHint()}`);
      process.exit(130);
    }
    display?.stopping?.();
    stop.abort();
  };
  let display: Display | undefined;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const {
      report,
      paths,
      stopped,
      config: usedConfig,
      outputDir: runDir,
      budgetReached,
    } = await evaluate(config!, {
      budgetUsd,
      output: flags.output,
      resume: flags.resume,
      shard: flags.shard,
      signal: stop.signal,
      bus,
      unsafeNoSandbox: flags.unsafeNoSandbox,
      beforeRun: async () => {
        display = await pickDisplay(ui, onSignal);
        display.attach(bus);
      },
    });
    await display!.finish(report, paths);
    if (budgetReached) {
      console.error(
        `budget reached: $${budgetReached.spentUsd.toFixed(4)} of $${budgetReached.limitUsd.toFixed(2)} spent; ` +
          `everything judged is kept. To go on: ${resumeHint()} --budget <a larger total>`,
      );
      return EXIT.runFailed;
    }
    if (stopped) {
      console.error(`stopped; to finish: ${resumeHint()}`);
      return EXIT.runFailed;
    }
    await recordFinishedRun({ report, runDir, config: usedConfig, db: flags.db, enabled: flags.history });
    const outcome = runOutcome(report, thresholds, flags.allowErrors);
    for (const line of outcome.lines) console.error(line);
    return outcome.status === "incomplete" ? EXIT.runFailed : outcome.status === "failed" ? EXIT.failed : EXIT.ok;
  } catch (e) {
    if (e instanceof InputError || e instanceof NoEndpointError || e instanceof SandboxUnavailableError)
      return usage(e.message);
    console.error(`run failed: ${(e as Error).stack ?? e}\nthe journal is kept; to try again: ${resumeHint()}`);
    return EXIT.runFailed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

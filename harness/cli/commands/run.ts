import { resolve } from "node:path";
import type { Command } from "commander";
import { StaticJudge } from "../../../judges/static/index.js";
import type { Judge } from "../../../judges/types.js";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../config/load-config.js";
import type { JudgeName } from "../../config/types.js";
import { JsonLinesDisplay } from "../../display/json-lines.js";
import { PlainDisplay } from "../../display/plain.js";
import type { Display, UiMode } from "../../display/types.js";
import { EventBus } from "../../events/bus.js";
import { belowThresholds, parseThresholds, type Threshold } from "../../gates/thresholds.js";
import { newRunId } from "../../run/run-id.js";
import { runEvaluation } from "../../run/run-evaluation.js";
import { formatDiagnostic, hasErrors, InputError } from "../../tasks/diagnostics.js";
import { loadSuite } from "../../tasks/load-suite.js";
import type { Task } from "../../tasks/types.js";
import { EXIT } from "../exit-codes.js";

interface RunFlags {
  config?: string;
  suite?: string[];
  judge?: JudgeName;
  output?: string;
  ui?: UiMode;
  concurrency?: string;
  failUnder?: string[];
}

export function registerRun(program: Command) {
  program
    .command("run")
    .description("judge every requirement of every task for every candidate and write reports/<run-id>/report.json")
    .option("-c, --config <file>", `project file (default: ./${DEFAULT_CONFIG_FILE})`)
    .option("-s, --suite <path...>", "suite folder(s) or file(s), instead of the project file's")
    .option("-j, --judge <name>", "static | llm | agent")
    .option("-o, --output <run-dir>", "run directory (default: <output>/<run-id>)")
    .option("--ui <mode>", "ink | plain | json (default: plain when not a terminal)")
    .option("--concurrency <n>", "candidate × task units at once")
    .option("--fail-under <metric=percent...>", "exit 1 when a candidate's metric is below it, e.g. reqMetI=60 (reqMetI, reqMetD, solveRate, selfTermination, preferences)")
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
}

function pickJudge(name: JudgeName): Judge {
  if (name === "static") return new StaticJudge();
  throw new InputError([], `the '${name}' judge is not part of this build yet; use --judge static`);
}

function pickDisplay(mode: UiMode | undefined): Display {
  if (mode === "json") return new JsonLinesDisplay();
  return new PlainDisplay();
}

async function run(flags: RunFlags): Promise<number> {
  if (flags.ui && !["ink", "plain", "json"].includes(flags.ui)) return usage(`--ui must be ink, plain or json, not '${flags.ui}'`);
  if (flags.judge && !["static", "llm", "agent"].includes(flags.judge)) return usage(`--judge must be static, llm or agent, not '${flags.judge}'`);
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) return usage("--concurrency must be a positive integer");
  let thresholds: Threshold[];
  try {
    thresholds = parseThresholds(flags.failUnder ?? []);
  } catch (e) {
    return usage((e as Error).message);
  }
  let judge: Judge;
  let tasks: Task[] = [];
  let config;
  try {
    config = await loadConfig(flags.config ?? DEFAULT_CONFIG_FILE);
    const suitePaths = flags.suite?.map((s) => resolve(s)) ?? config.suites;
    config = { ...config, suites: suitePaths };
    judge = pickJudge(flags.judge ?? config.judge.name);
    for (const path of suitePaths) {
      const { suite, diagnostics } = await loadSuite(path);
      for (const d of diagnostics) console.error(formatDiagnostic(d));
      if (hasErrors(diagnostics)) return usage(`the suite has errors; nothing was judged (see \`devjudge validate ${path}\`)`);
      tasks.push(...suite.tasks);
    }
  } catch (e) {
    if (e instanceof InputError) return usage(e.message);
    throw e;
  }
  const runId = newRunId();
  const outputDir = flags.output ? resolve(flags.output) : resolve(config.output, runId);
  const bus = new EventBus();
  const display = pickDisplay(flags.ui);
  display.attach(bus);
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    console.error("stopping: in-flight work is abandoned; press Ctrl-C again to exit at once");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { report, reportPath } = await runEvaluation({
      runId,
      outputDir,
      suitePaths: config.suites,
      tasks,
      candidates: config.candidates,
      judge,
      concurrency: concurrency ?? config.concurrency,
      bus,
      signal: stop.signal,
    });
    display.finish(report, reportPath);
    if (stop.signal.aborted) return EXIT.runFailed;
    const below = belowThresholds(report, thresholds);
    for (const line of below) console.error(`below threshold: ${line}`);
    return below.length ? EXIT.failed : EXIT.ok;
  } catch (e) {
    console.error(`run failed: ${(e as Error).stack ?? e}`);
    return EXIT.runFailed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function usage(message: string): number {
  console.error(`error: ${message}`);
  return EXIT.usage;
}

#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { EXIT } from "./exit-codes.js";

// For benchmarks: where to write this process's CPU time and peak memory when it exits.
const usageFile = process.env.DEVJUDGE_RESOURCE_USAGE;
if (usageFile) {
  process.once("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(
      usageFile,
      JSON.stringify({ cpuUserMs: u.userCPUTime / 1000, cpuSystemMs: u.systemCPUTime / 1000, maxRssKb: u.maxRSS }),
    );
  });
}

/**
 * Each command's module, by name, loaded only when it is the command run (all of them for help or
 * an unknown command): `devjudge validate` does not load the history's database layer, the run's
 * judges or the report pages.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  validate: async () => (await import("./commands/validate.js")).registerValidate,
  import: async () => (await import("./commands/import.js")).registerImport,
  run: async () => (await import("./commands/run.js")).registerRun,
  compare: async () => (await import("./commands/compare.js")).registerCompare,
  report: async () => (await import("./commands/report.js")).registerReport,
  diff: async () => (await import("./commands/diff.js")).registerDiff,
  merge: async () => (await import("./commands/merge.js")).registerMerge,
  init: async () => (await import("./commands/init.js")).registerInit,
  cache: async () => (await import("./commands/cache.js")).registerCache,
  ask: async () => (await import("./commands/ask.js")).registerAsk,
  history: async () => (await import("./commands/history.js")).registerHistory,
  agents: async () => (await import("./commands/agents.js")).registerAgents,
  trace: async () => (await import("./commands/trace.js")).registerTrace,
};

const program = new Command()
  .name("devjudge")
  .description("Agent-as-a-Judge evaluation harness for coding agents")
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

const invoked = process.argv[2];
const version = invoked === "--version" || invoked === "-V";
const wanted = invoked !== undefined && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
for (const name of version ? [] : wanted) (await COMMANDS[name]!())(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    const quiet = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
    process.exitCode = quiet ? EXIT.ok : EXIT.usage;
  } else {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = EXIT.runFailed;
  }
}

#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { registerCompare } from "./commands/compare.js";
import { registerDiff } from "./commands/diff.js";
import { registerImport } from "./commands/import.js";
import { registerInit } from "./commands/init.js";
import { registerMerge } from "./commands/merge.js";
import { registerCache } from "./commands/cache.js";
import { registerAgents } from "./commands/agents.js";
import { registerAsk } from "./commands/ask.js";
import { registerReport } from "./commands/report.js";
import { registerRun } from "./commands/run.js";
import { registerTrace } from "./commands/trace.js";
import { registerValidate } from "./commands/validate.js";
import { registerHistory } from "./commands/history.js";
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

const program = new Command()
  .name("devjudge")
  .description("Agent-as-a-Judge evaluation harness for coding agents")
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

registerValidate(program);
registerImport(program);
registerRun(program);
registerCompare(program);
registerReport(program);
registerDiff(program);
registerMerge(program);
registerInit(program);
registerCache(program);
registerAsk(program);
registerHistory(program);
registerAgents(program);
registerTrace(program);

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

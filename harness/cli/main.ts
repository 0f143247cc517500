#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { COMMANDS } from "./command-list.js";
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

#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { runCli } from "./run-cli.js";

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

process.exitCode = await runCli(process.argv.slice(2));

import type { Command } from "commander";

/**
 * Each command's module, by name, loaded only when it is the command run (all of them for help or
 * an unknown command): `devjudge validate` does not load the history's database layer, the run's
 * judges or the report pages.
 */
export const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
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

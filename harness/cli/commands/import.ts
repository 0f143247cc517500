import type { Command } from "commander";
import { importDevai, readChecksOverlay, writeTaskFiles, type ChecksOverlay } from "../../devai/import-devai.js";
import { EXIT } from "../exit-codes.js";

export function registerImport(program: Command) {
  const imp = program.command("import").description("convert other benchmarks' tasks into devjudge suites");
  imp
    .command("devai")
    .description("read DevAI instances/*.json (and constraints.json) and write one YAML task per instance")
    .argument("<dir>", "a folder holding DevAI's instances/")
    .requiredOption("--out <dir>", "where to write the suite")
    .option("--checks <file>", "YAML of deterministic checks to add: task id → requirement id → checks")
    .action(async (dir: string, opts: { out: string; checks?: string }) => {
      let overlay: ChecksOverlay = {};
      if (opts.checks) {
        try {
          overlay = await readChecksOverlay(opts.checks);
        } catch (e) {
          console.error(`error: ${(e as Error).message}`);
          process.exitCode = EXIT.usage;
          return;
        }
      }
      const { tasks, warnings, errors } = await importDevai(dir, overlay);
      for (const w of warnings) console.error(`warning: ${w}`);
      if (errors.length) {
        for (const e of errors) console.error(`error: ${e}`);
        console.error("nothing written");
        process.exitCode = EXIT.usage;
        return;
      }
      await writeTaskFiles(tasks, opts.out);
      const reqs = tasks.reduce((n, t) => n + (t.requirements as unknown[]).length, 0);
      const prefs = tasks.reduce((n, t) => n + (t.preferences as unknown[]).length, 0);
      console.log(`imported ${tasks.length} task(s), ${reqs} requirement(s), ${prefs} preference(s) into ${opts.out}`);
    });
}

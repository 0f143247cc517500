import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { mergeReports } from "../../report/merge-reports.js";
import { readReport, writeReports } from "../../report/write-reports.js";
import { InputError } from "../../core/diagnostics.js";
import { displayPath } from "../../util/display-path.js";
import { configFromJournal } from "../../history/build-record.js";
import { recordFinishedRun } from "../../history/record-finished-run.js";
import { EXIT } from "../exit-codes.js";

export function registerMerge(program: Command) {
  program
    .command("merge")
    .description("combine the reports of shards (devjudge run --shard i/N) into one")
    .argument("<run-dirs...>", "the shards' run directories")
    .requiredOption("-o, --output <dir>", "where to write the merged report")
    .option(
      "--db <file-or-url>",
      "record the merged run in this history " +
        "(default: the shards' project file's history.db, else .devjudge/history.db)",
    )
    .option("--no-history", "do not record the merged run in the history")
    .action(async (dirs: string[], flags: { output: string; db?: string; history?: boolean }) => {
      try {
        const merged = mergeReports(await Promise.all(dirs.map(readReport)));
        const out = resolve(flags.output);
        await mkdir(out, { recursive: true });
        await writeReports(merged, out);
        const shards = merged.candidates.reduce((n, c) => n + c.tasks.length, 0);
        console.log(
          `merged ${dirs.length} run(s): ${merged.candidates.length} candidate(s), ` +
            `${shards} candidate × task unit(s) → ${displayPath(join(out, "report.json"))}`,
        );
        await recordFinishedRun({
          report: merged,
          runDir: out,
          config: configFromJournal(resolve(dirs[0]!)),
          db: flags.db,
          enabled: flags.history,
          shardDirs: dirs.map((d) => resolve(d)),
        });
        process.exitCode = EXIT.ok;
      } catch (e) {
        console.error(`error: ${e instanceof InputError ? e.message : (e as Error).message}`);
        process.exitCode = EXIT.usage;
      }
    });
}

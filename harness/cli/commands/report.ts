import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { reportFromJournal } from "../../report/report-from-journal.js";
import { listPaths, readReport, writeRenderedReports, writeReports } from "../../report/write-reports.js";
import { InputError } from "../../core/diagnostics.js";
import { displayPath } from "../../util/display-path.js";
import { EXIT } from "../exit-codes.js";

export function registerReport(program: Command) {
  program
    .command("report")
    .description(
      "write summary.md, junit.xml and index.html from a run directory's report.json " +
        "(rebuilt from journal.jsonl when missing)",
    )
    .argument("<run-dir>", "a run directory (or its report.json)")
    .option("--from-journal", "rebuild report.json from journal.jsonl first")
    .action(async (path: string, flags: { fromJournal?: boolean }) => {
      try {
        const runDir = path.endsWith(".json") ? dirname(path) : path;
        const rebuild =
          flags.fromJournal || (!existsSync(join(runDir, "report.json")) && existsSync(join(runDir, "journal.jsonl")));
        const report = rebuild
          ? await reportFromJournal(runDir, (m) => console.error(`warning: ${m}`))
          : await readReport(path);
        // report.json is written again only when it was rebuilt; otherwise what was read is rendered
        const paths = rebuild
          ? listPaths(await writeReports(report, runDir))
          : Object.values(await writeRenderedReports(report, runDir));
        if (rebuild) console.log(`${displayPath(join(runDir, "report.json"))} (rebuilt from the journal)`);
        for (const p of paths.slice(rebuild ? 1 : 0)) console.log(displayPath(p));
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = EXIT.usage;
      }
    });
}

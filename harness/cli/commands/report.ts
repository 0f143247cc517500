import type { Command } from "commander";
import { readReport, writeRenderedReports } from "../../report/write-reports.js";
import { InputError } from "../../tasks/diagnostics.js";
import { displayPath } from "../../util/display-path.js";
import { EXIT } from "../exit-codes.js";

export function registerReport(program: Command) {
  program
    .command("report")
    .description("write summary.md, junit.xml and index.html from a run directory's report.json")
    .argument("<run-dir>", "a run directory (or its report.json)")
    .action(async (dir: string) => {
      try {
        const report = await readReport(dir);
        const runDir = dir.endsWith(".json") ? dir.replace(/[/\\][^/\\]+$/, "") : dir;
        const written = await writeRenderedReports(report, runDir);
        for (const p of Object.values(written)) console.log(displayPath(p));
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = EXIT.usage;
      }
    });
}

import type { Command } from "commander";
import { table } from "../../display/summary.js";
import { diffReports, HEADLINE } from "../../gates/diff.js";
import { renderDiffHtml } from "../../report/render/diff-html.js";
import { readReport } from "../../report/write-reports.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { InputError } from "../../core/diagnostics.js";
import { EXIT } from "../exit-codes.js";
import { diffAgainstLast } from "./diff-against.js";

function usageError(message: string): number {
  console.error(`error: ${message}`);
  return EXIT.usage;
}

interface DiffFlags {
  against?: string;
  branch?: string;
  db?: string;
  failOnRegression?: boolean;
  margin: string;
  json?: boolean;
  html?: string;
}

export function registerDiff(program: Command) {
  program
    .command("diff")
    .description("what changed between two runs: flipped verdicts and metric deltas per candidate")
    .argument("<base-run>", "the earlier run directory (or report.json); with --against, the run to check")
    .argument("[new-run]", "the later run directory (or report.json)")
    .option("--against <last>", "compare the run with the latest run recorded in the history instead of a folder")
    .option("--branch <name>", "with --against last: the latest recorded run of this branch (e.g. main)")
    .option("--db <file-or-url>", "with --against: the history (default .devjudge/history.db)")
    .option(
      "--fail-on-regression",
      "exit 1 when a satisfied requirement is no longer satisfied or a metric fell by more than the margin " +
        "(with --against: only when the agent's work changed)",
    )
    .option("--margin <points>", "how many percentage points a metric may fall before it counts as a regression", "0")
    .option("--json", "print the diff as JSON")
    .option(
      "--html <file>",
      "also write a page with the flipped requirements (both verdicts, reasons and evidence side by side) " +
        "and the metric deltas",
    )
    .action(async (baseDir: string, newDir: string | undefined, flags: DiffFlags) => {
      if (flags.against) {
        // with --against the history holds the base: only class (a) regressions fail
        process.exitCode = newDir
          ? usageError("with --against, give one run")
          : await diffAgainstLast(baseDir, { ...flags, against: flags.against });
        return;
      }
      if (!newDir) {
        process.exitCode = usageError("give two runs, or one run and --against last");
        return;
      }
      const margin = Number(flags.margin);
      if (!Number.isFinite(margin) || margin < 0) {
        console.error("error: --margin must be a number of percentage points >= 0");
        process.exitCode = EXIT.usage;
        return;
      }
      let d;
      let reports;
      try {
        reports = [await readReport(baseDir), await readReport(newDir)] as const;
        d = diffReports(reports[0], reports[1], margin);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (flags.html) {
        try {
          await writeFileAtomic(flags.html, renderDiffHtml(reports[0], reports[1], d));
        } catch (e) {
          console.error(`error: ${flags.html}: ${(e as Error).message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        if (!flags.json) console.error(`diff page: ${flags.html}`);
      }
      if (flags.json) console.log(JSON.stringify(d, null, 2));
      else {
        const rows = Object.entries(d.metrics).map(([c, m]) => [
          c,
          ...HEADLINE.map(
            (k) =>
              `${m[k].base.toFixed(2)} → ${m[k].next.toFixed(2)} ` +
              `(${m[k].delta >= 0 ? "+" : ""}${m[k].delta.toFixed(2)})`,
          ),
        ]);
        console.log(table(["candidate", "Req met (I)", "Req met (D)", "solve rate"], rows).join("\n"));
        console.log(`\n${d.flips.length} verdict(s) flipped`);
        for (const f of d.flips) console.log(`  ${f.candidate}/${f.task}#${f.id}: ${f.from} → ${f.to}`);
        if (d.onlyInBase.length) console.log(`only in base: ${d.onlyInBase.join(", ")}`);
        if (d.onlyInNext.length) console.log(`only in new: ${d.onlyInNext.join(", ")}`);
        if (d.lostCoverage.length)
          console.log(
            `\n${d.lostCoverage.length} verdict(s) lost to errors (coverage, not counted as regressions):\n` +
              `${d.lostCoverage.map((r) => `  ${r}`).join("\n")}`,
          );
        if (d.regressions.length)
          console.log(`\n${d.regressions.length} regression(s):\n${d.regressions.map((r) => `  ${r}`).join("\n")}`);
      }
      process.exitCode = flags.failOnRegression && d.regressions.length ? EXIT.failed : EXIT.ok;
    });
}

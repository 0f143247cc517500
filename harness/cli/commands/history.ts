import { resolve } from "node:path";
import type { Command } from "commander";
import { table } from "../../display/summary.js";
import { buildRecord, configFromJournal } from "../../history/build-record.js";
import { flakyRequirements } from "../../history/flaky.js";
import { historyJson, historyTable } from "../../history/history-view.js";
import { HistoryError, withHistoryDb, type HistoryDb } from "../../history/open-db.js";
import { historyTarget } from "../../history/record-finished-run.js";
import { exportRuns, listRuns, recordRun } from "../../history/store.js";
import { writeTrendsPage } from "../../history/trends/write-trends.js";
import { readReport } from "../../report/write-reports.js";
import { InputError } from "../../core/diagnostics.js";
import { displayPath } from "../../util/display-path.js";
import { EXIT } from "../exit-codes.js";

/**
 * Runs the flaky analysis looks back over unless told: judge noise is a recent property of a judge,
 * and a year of runs is ~400k verdicts.
 */
const FLAKY_WINDOW = 60;

const DB_HELP = "a SQLite file or a postgres:// URL (default: $DEVJUDGE_HISTORY_DB, else .devjudge/history.db)";

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError([], `${name} must be a positive integer, not '${v}'`);
  return n;
}

/** Opens the history, runs `body`, closes it; input and database errors become one line and exit 2. */
async function withHistory(db: string | undefined, body: (h: HistoryDb) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await withHistoryDb(historyTarget(db), body);
  } catch (e) {
    if (!(e instanceof HistoryError || e instanceof InputError)) throw e;
    console.error(`error: ${e.message}`);
    process.exitCode = EXIT.usage;
  }
}

/** --db given before or after the subcommand's name (`history --db x import` or `history import --db x`). */
const dbOf = (cmd: Command): string | undefined => (cmd.optsWithGlobals() as { db?: string }).db;

interface ListFlags {
  db?: string;
  json?: boolean;
  candidate?: string;
  last?: string;
  branch?: string;
  shards?: boolean;
  html?: string;
}

export function registerHistory(program: Command) {
  const history = program
    .command("history")
    .description(
      "the recorded runs: Req met, solve rate, coverage, cost and time per candidate, " +
        "and the change from the previous run",
    )
    .option("--db <file-or-url>", DB_HELP)
    .option("--candidate <name>", "only this candidate")
    .option("--last <n>", "only the n newest runs")
    .option("--branch <name>", "only runs of this branch of the evaluated project")
    .option("--shards", "list the runs of single shards too (their merged run stands for them otherwise)")
    .option("--html <dir>", "write the trends page (index.html, self-contained) into this folder")
    .option("--json", "print { runs: [...] }, newest first")
    .action(async (flags: ListFlags) => {
      await withHistory(flags.db, async (h) => {
        const last = positive("--last", flags.last);
        // one more run than shown, so the oldest one shown has its change from the previous
        const runs = await listRuns(h, {
          candidate: flags.candidate,
          branch: flags.branch,
          shards: flags.shards,
          last: last && last + 1,
        });
        const shown = last ?? runs.length;
        if (flags.html) {
          const all = await listRuns(h, {
            candidate: flags.candidate,
            branch: flags.branch,
            shards: flags.shards,
            last,
          });
          const flaky = await flakyRequirements(h, 3, flags.candidate, Math.min(last ?? FLAKY_WINDOW, FLAKY_WINDOW));
          const file = await writeTrendsPage(resolve(flags.html), all, flaky);
          console.log(`trends of ${all.length} run(s) → ${displayPath(file)}`);
          return EXIT.ok;
        }
        if (flags.json) console.log(JSON.stringify(historyJson(runs.slice(0, shown)), null, 2));
        else if (!runs.length) console.log(`no runs recorded in ${h.where}`);
        else console.log(historyTable(runs, shown).join("\n"));
        return EXIT.ok;
      });
    });

  history
    .command("import")
    .description("record existing run folders (a run whose recording failed, or runs from before the history)")
    .argument("<run-dirs...>", "run folders (or their report.json)")
    .option("--db <file-or-url>", DB_HELP)
    .action(async (dirs: string[], _flags: unknown, cmd: Command) => {
      await withHistory(dbOf(cmd), async (h) => {
        for (const d of dirs) {
          const runDir = resolve(d.endsWith(".json") ? resolve(d, "..") : d);
          const report = await readReport(d);
          const record = await buildRecord({ report, runDir, config: configFromJournal(runDir) });
          await recordRun(h, record);
          const verdicts = record.candidates.reduce((n, c) => n + c.verdicts.length, 0);
          console.log(
            `recorded ${record.runId}: ${record.candidates.length} candidate(s), ${verdicts} verdict(s) → ${h.where}`,
          );
        }
        return EXIT.ok;
      });
    });

  history
    .command("export")
    .description("print every recorded run as JSON lines (one run per line, oldest first)")
    .option("--db <file-or-url>", DB_HELP)
    .action(async (_flags: unknown, cmd: Command) => {
      await withHistory(dbOf(cmd), async (h) => {
        for await (const run of exportRuns(h)) process.stdout.write(`${JSON.stringify(run)}\n`);
        return EXIT.ok;
      });
    });

  history
    .command("flaky")
    .description(
      "requirements whose verdict changed with the same workspace and the same judge (judge noise), " +
        "with the flip rate and pass^k",
    )
    .option("--db <file-or-url>", DB_HELP)
    .option("--candidate <name>", "only this candidate")
    .option("-k, --k <k>", "k of pass^k: the chance that k judgments of the same work all say satisfied", "3")
    .option("--last <n>", `over the n newest runs (default ${FLAKY_WINDOW})`)
    .option("--json", "print { flaky: [...] }")
    .action(async (_flags: unknown, cmd: Command) => {
      // options spelled the same as history's own are read wherever they were given
      const flags = cmd.optsWithGlobals() as { candidate?: string; k: string; json?: boolean; last?: string };
      await withHistory(dbOf(cmd), async (h) => {
        const k = positive("--k", flags.k)!;
        const flaky = await flakyRequirements(h, k, flags.candidate, positive("--last", flags.last) ?? FLAKY_WINDOW);
        if (flags.json) {
          console.log(JSON.stringify({ k, flaky }, null, 2));
          return EXIT.ok;
        }
        if (!flaky.length) {
          console.log("no flaky judgments: no verdict changed between runs with the same workspace and the same judge");
          return EXIT.ok;
        }
        const rows = flaky.map((f) => [
          `${f.candidate}/${f.task}#${f.requirement}`,
          `${(100 * f.flipRate).toFixed(0)}%`,
          `${f.noiseFlips}/${f.comparable}`,
          f.passK === null ? "-" : f.passK.toFixed(2),
          f.trials,
          f.runs,
          `${f.flips.agent}/${f.flips.judge}`,
        ]);
        console.log(
          table(
            ["requirement", "flip rate", "noise flips", `pass^${k}`, "trials", "runs", "other flips (a/b)"],
            rows,
          ).join("\n"),
        );
        console.log(
          `\n${flaky.length} requirement(s) changed verdict with the same workspace and judge (class c, judge noise)`,
        );
        return EXIT.ok;
      });
    });
}

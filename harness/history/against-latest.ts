import { resolve } from "node:path";
import { readReport } from "../report/write-reports.js";
import { diffAgainst, type AgainstDiff } from "./against.js";
import { buildRecord, configFromJournal } from "./build-record.js";
import { withHistoryDb } from "./open-db.js";
import { historyTarget } from "./record-finished-run.js";
import { latestRun, verdictRows } from "./store.js";

export interface AgainstLatest {
  /** The history read, as its messages name it. */
  where: string;
  /** Undefined when the history holds no earlier run (of the branch) to compare with. */
  diff?: AgainstDiff;
}

/**
 * What `devjudge diff <run> --against last` does: the run in `runDir` against the latest recorded
 * run (of `branch`) in the history at `db` (default: $DEVJUDGE_HISTORY_DB, else .devjudge/history.db).
 * A database failure is thrown as a HistoryError naming the history.
 */
export async function diffAgainstLatest(runDir: string, opts: { db?: string; branch?: string } = {}) {
  const report = await readReport(runDir);
  const dir = resolve(runDir.endsWith(".json") ? resolve(runDir, "..") : runDir);
  const next = await buildRecord({ report, runDir: dir, config: configFromJournal(dir) });
  return withHistoryDb(historyTarget(opts.db), async (h): Promise<AgainstLatest> => {
    const base = await latestRun(h, opts.branch, next.runId);
    if (!base) return { where: h.where };
    return { where: h.where, diff: diffAgainst(base, await verdictRows(h, { runId: base.runId }), next, report) };
  });
}

import { resolve } from "node:path";
import type { Config } from "../config/types.js";
import type { Report } from "../report/types.js";
import { displayPath } from "../util/display-path.js";
import { buildRecord } from "./build-record.js";
import { DEFAULT_DB, describe, HistoryError, isPostgresUrl, withHistoryDb } from "./open-db.js";
import { recordRun } from "./store.js";

export interface RecordOptions {
  report: Report;
  runDir: string;
  config?: Config;
  /** --db, which wins over the project file's history.db. */
  db?: string;
  /** false for --no-history or history.enabled: false. */
  enabled?: boolean;
  shardDirs?: string[];
  /** Hears why a recording failed (default: a `warning:` line on stderr). */
  onWarning?: (message: string) => void;
}

/**
 * The database a command writes to: --db, then $DEVJUDGE_HISTORY_DB, then the project file's, then
 * .devjudge/history.db.
 */
export function historyTarget(flag: string | undefined, config?: Config): string {
  const t = flag ?? process.env.DEVJUDGE_HISTORY_DB ?? config?.history?.db ?? DEFAULT_DB;
  return isPostgresUrl(t) ? t : resolve(t);
}

const shown = (target: string) => (isPostgresUrl(target) ? "<your postgres URL>" : displayPath(target));

/**
 * Records a finished run (the end of `run` and `merge`). It never fails the command: the run
 * folder is already complete, so a recording that fails says so and how to record it later.
 */
export async function recordFinishedRun(o: RecordOptions): Promise<boolean> {
  if (o.enabled === false || o.config?.history?.enabled === false) return false;
  const target = historyTarget(o.db, o.config);
  try {
    const record = await buildRecord({ report: o.report, runDir: o.runDir, config: o.config, shardDirs: o.shardDirs });
    await withHistoryDb(target, (h) => recordRun(h, record));
    return true;
  } catch (e) {
    const warn = o.onWarning ?? ((m: string) => console.error(`warning: ${m}`));
    warn(
      `the run was not recorded in the history: ${e instanceof HistoryError ? e.message : describe(e)}\n` +
        `  its folder ${displayPath(o.runDir)} is complete; record it later with: ` +
        `devjudge history import ${displayPath(o.runDir)} --db ${shown(target)}`,
    );
    return false;
  }
}

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Kysely, MigrationProvider } from "kysely";
import { displayPath } from "../util/display-path.js";
import { MIGRATIONS, type HistoryTables } from "./schema.js";

export const DEFAULT_DB = ".devjudge/history.db";
/**
 * How long a writer waits for another process's transaction on the SQLite file before giving up
 * ($DEVJUDGE_HISTORY_BUSY_MS).
 */
const SQLITE_BUSY_MS = Number(process.env.DEVJUDGE_HISTORY_BUSY_MS) || 15_000;

/** A history database that cannot be opened, migrated or written; the message names the file or server. */
export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryError";
  }
}

export type Backend = "sqlite" | "postgres";

export interface HistoryDb {
  db: Kysely<HistoryTables>;
  backend: Backend;
  /** The file or the server, as messages name it (no password). */
  where: string;
  close(): Promise<void>;
}

export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "the PostgreSQL URL";
  }
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
const MIGRATION_TABLE = "devjudge_migration";

/**
 * Whether every migration has run, read with one plain query: the migrator itself takes a write
 * transaction (and, on PostgreSQL, a lock) even when there is nothing to do, which a command that
 * only reads should not wait for.
 */
async function upToDate(db: Kysely<HistoryTables>): Promise<boolean> {
  const { sql } = await import("kysely");
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return Object.keys(MIGRATIONS).every((m) => done.has(m));
  } catch (e) {
    // no migration table yet (a new database); anything else (a corrupt file) the migrator reports
    if (/no such table|does not exist/i.test((e as Error).message)) return false;
    throw e;
  }
}

async function dialectFor(target: string): Promise<{ backend: Backend; where: string; db: Kysely<HistoryTables> }> {
  // Kysely is loaded with the history, not with every command: it is a few hundred modules
  const { Kysely, PostgresDialect } = await import("kysely");
  if (isPostgresUrl(target)) {
    const { default: pg } = await import("pg");
    // bigint columns come back as numbers: no figure here comes near 2^53
    pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: target, max: 4, connectionTimeoutMillis: 10_000 });
    pool.on("error", () => {}); // an idle client's error surfaces on the next query instead
    return {
      backend: "postgres",
      where: redact(target),
      db: new Kysely<HistoryTables>({ dialect: new PostgresDialect({ pool }) }),
    };
  }
  const file = resolve(target.replace(/^file:/, ""));
  mkdirSync(dirname(file), { recursive: true });
  const { createClient } = await import("@libsql/client");
  const { LibsqlDialect } = await import("@libsql/kysely-libsql");
  const client = createClient({ url: `file:${file}`, timeout: SQLITE_BUSY_MS, intMode: "number" });
  // WAL: readers do not block the writer, and two runs finishing at once take turns
  await client.execute("PRAGMA journal_mode=WAL");
  const db = new Kysely<HistoryTables>({ dialect: new LibsqlDialect({ client: client as never }) });
  return { backend: "sqlite", where: displayPath(file), db };
}

/**
 * Brings the schema up to date. On SQLite the migrator's lock does not hold across processes (the
 * libsql dialect runs DDL outside a transaction), so two runs creating a new file at once can both
 * start migrating: the one that finds a table already made waits until the other has finished.
 */
async function migrate(db: Kysely<HistoryTables>): Promise<void> {
  const { Migrator } = await import("kysely");
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
  const { error } = await migrator.migrateToLatest();
  if (!error) return;
  if (!/already exists/i.test((error as Error).message ?? "")) throw error;
  for (let waited = 0; waited < SQLITE_BUSY_MS; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    if (await upToDate(db).catch(() => false)) return;
  }
  throw error;
}

/**
 * Opens (creating on first use) the history at a SQLite file path or a postgres:// URL and brings
 * its schema up to date.
 */
export async function openHistory(target: string): Promise<HistoryDb> {
  let opened: Awaited<ReturnType<typeof dialectFor>> | undefined;
  try {
    opened = await dialectFor(target);
    if (!(await upToDate(opened.db))) await migrate(opened.db);
  } catch (e) {
    await opened?.db.destroy().catch(() => {});
    const where = opened?.where ?? (isPostgresUrl(target) ? redact(target) : displayPath(resolve(target)));
    throw new HistoryError(`${where}: cannot open the history database: ${describe(e)}`);
  }
  const { db, backend, where } = opened;
  return { db, backend, where, close: () => db.destroy() };
}

/**
 * Opens the history at `target`, runs `body` on it and closes it. A database failure inside `body`
 * (a corrupt page read late, a server gone) comes out as a HistoryError naming the history.
 */
export async function withHistoryDb<T>(target: string, body: (h: HistoryDb) => Promise<T>): Promise<T> {
  const h = await openHistory(target);
  try {
    return await body(h);
  } catch (e) {
    throw isDatabaseError(e) ? new HistoryError(`${h.where}: ${describe(e)}`) : e;
  } finally {
    await h.close();
  }
}

/**
 * An error from SQLite (a corrupt page read late, a lock held too long) or from the PostgreSQL
 * server or connection.
 */
export function isDatabaseError(e: unknown): boolean {
  const err = e as { code?: unknown; severity?: unknown; name?: string };
  return (
    (typeof err?.code === "string" && /^(SQLITE_|LIBSQL_|ECONN|ETIMEDOUT|57P|08)/.test(err.code)) ||
    typeof err?.severity === "string"
  );
}

export function describe(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: { message?: string } };
  const msg = err?.message || err?.code || String(e);
  if (/file is not a database|SQLITE_NOTADB|malformed/i.test(msg))
    return `not a SQLite database or corrupt (${msg.split("\n")[0]})`;
  return msg.split("\n")[0]!;
}

import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

/** Debian's PostgreSQL binaries (scripts/setup-test-env.sh installs the `postgresql` package). */
function pgBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], "bin");
}

export const PG_BIN = pgBin();
export const SKIP_POSTGRES =
  "PostgreSQL not found under /usr/lib/postgresql: run scripts/setup-test-env.sh (as root) to install Debian's " +
  "postgresql";
if (!PG_BIN) console.warn(SKIP_POSTGRES);

const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });

export interface TestPostgres {
  /** postgres://…@127.0.0.1:<port>/postgres */
  url: string;
  /** A fresh, empty database on the server. */
  newDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server for one test file: initdb and pg_ctl into a temp folder, listening on
 * 127.0.0.1 only (run as the `postgres` user when we are root: the server refuses to run as root).
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!PG_BIN) throw new Error(SKIP_POSTGRES);
  const dir = await mkdtemp(join(tmpdir(), "devjudge-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? "postgres" : (process.env.USER ?? "postgres");
  if (asRoot) {
    const { stdout } = await execa("id", ["-u", "postgres"]);
    const { stdout: gid } = await execa("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout), Number(gid));
  }
  await chmod(dir, 0o700);
  const run = (bin: string, args: string[]) =>
    asRoot ? execa("runuser", ["-u", "postgres", "--", join(PG_BIN!, bin), ...args]) : execa(join(PG_BIN!, bin), args);
  await run("initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync"]);
  const port = await freePort();
  await run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
    "-w",
  ]);
  const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
  return {
    url,
    async newDatabase(name: string) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE "${name}"`);
      await client.end();
      return `postgres://${user}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await run("pg_ctl", ["-D", data, "stop", "-m", "fast"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

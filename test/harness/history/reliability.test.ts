import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { historyProject } from "./project.js";

describe("history reliability (SQLite)", () => {
  it("a corrupt history file gives one clear line naming it (exit 2), and a run still finishes and says how to record it", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello" });
    await writeFile(p.db, "this is not a database, just some text that happens to be long enough ".repeat(80));
    const list = await devjudgeInProcess(["history", "--db", p.db]);
    expect(list.code).toBe(2);
    expect(list.stderr.trim()).toBe(
      `error: ${p.db}: cannot open the history database: not a SQLite ` +
        `database or corrupt (SQLITE_NOTADB: file is not a database)`,
    );
    const run = await p.run("r1", ["--db", p.db]);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "r1", "report.json"))).toBe(true);
    // the run's folder is the project's: paths are shown relative to it
    expect(run.stderr).toContain(
      "warning: the run was not recorded in the history: history.db: cannot open " +
        "the history database: not a SQLite database or corrupt (SQLITE_NOTADB",
    );
    expect(run.stderr).toContain(
      "its folder r1 is complete; record it later with: devjudge history import r1 --db history.db",
    );
  });

  it("a database locked past the busy timeout loses nothing: the run folder is whole, and import records it once the lock is gone", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello" });
    expect((await p.run("r0", ["--db", p.db])).code).toBe(0);
    // another process holds the write lock for as long as the run tries to record
    const other = createClient({ url: `file:${p.db}` });
    const tx = await other.transaction("write");
    await tx.execute("DELETE FROM verdicts WHERE 0");
    try {
      const run = await p.spawn("r1", ["--db", p.db], { DEVJUDGE_HISTORY_BUSY_MS: "200" });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /warning: the run was not recorded in the history: .*(SQLITE_BUSY|database is locked)/,
      );
      expect(run.stderr).toContain("devjudge history import r1 --db history.db");
    } finally {
      await tx.rollback();
      other.close();
    }
    const imp = await devjudgeInProcess(["history", "import", join(dir, "r1"), "--db", p.db]);
    expect(imp.code).toBe(0);
    const { runs } = JSON.parse((await devjudgeInProcess(["history", "--json", "--db", p.db])).stdout);
    expect(runs).toHaveLength(2);
  });

  it("refuses a database password in the project file, which every run's journal copies", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await writeFile(
      p.config,
      `${await readFile(p.config, "utf8")}history:\n  db: postgres://ci:hunter2@db.internal/devjudge\n`,
    );
    const r = await devjudgeInProcess(["validate", p.config]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      new RegExp(
        String.raw`devjudge\.yaml:\d+:\d+ history\.db: a password in history\.db would be copied into every` +
          String.raw` run's journal: set it in \$PGPASSWORD`,
      ),
    );
  });

  it("several runs finishing at once into one SQLite file are all recorded (WAL, busy timeout)", async () => {
    const dir = await tempDir();
    const p = await historyProject(dir);
    await p.workspace({ "a.txt": "hello", "b.txt": "" });
    const runs = await Promise.all(["r1", "r2", "r3", "r4"].map((out) => p.spawn(out, ["--db", p.db])));
    for (const r of runs) {
      expect(r.stderr).not.toContain("not recorded");
      expect(r.code).toBe(0);
    }
    const lines = (await devjudgeInProcess(["history", "export", "--db", p.db])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.reduce((n, r) => n + r.candidates[0].verdicts.length, 0)).toBe(16);
  });
});

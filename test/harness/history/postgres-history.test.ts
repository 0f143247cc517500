import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openHistory } from "../../../harness/history/open-db.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { checkFlakyScenario } from "./flaky-scenario.js";
import { tempDir } from "../../helpers/paths.js";
import { PG_BIN, startPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";

const TASKS = 8;
const REQS = 3;

/** 8 tasks × 3 requirements, two folder candidates: one did everything, the other every other file. */
async function shardedProject(dir: string) {
  const tasks: Record<string, string> = {};
  for (let t = 0; t < TASKS; t++) {
    const reqs = Array.from(
      { length: REQS },
      (_, r) => `  - { id: ${r}, criteria: f${r} exists., category: Other, checks: [{ exists: f${r}.txt }] }`,
    );
    tasks[`task-${t}`] = `requirements:\n${reqs.join("\n")}\n`;
    for (const [cand, files] of [
      ["full", [0, 1, 2]],
      ["half", [0, 2]],
    ] as const) {
      const ws = join(dir, "ws", cand, `task-${t}`);
      await mkdir(ws, { recursive: true });
      for (const f of files) await writeFile(join(ws, `f${f}.txt`), `${cand} ${t}`);
    }
  }
  const suite = await writeSuite(dir, tasks);
  return writeConfig(
    dir,
    `suites: [${suite}]\njudge: { name: static }\ncandidates:\n  - { name: full, kind: ` +
      `dir, path: "ws/full/{task}" }\n  - { name: half, kind: dir, path: "ws/half/{task}" }\n`,
  );
}

describe.skipIf(!PG_BIN)("run history in PostgreSQL (a real server)", () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it("four shards recording at once from parallel processes lose no row; merge records the whole run", async () => {
    const dir = await tempDir();
    const config = await shardedProject(dir);
    const url = await pg.newDatabase("shards");
    const env = { GITHUB_REF_NAME: "main", GITHUB_SHA: "abc123" };
    // a fresh database: the four processes also race to create the schema
    const shards = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        devjudge(["run", "--config", config, "--shard", `${i}/4`, "--output", join(dir, `shard-${i}`), "--db", url], {
          cwd: dir,
          env,
        }),
      ),
    );
    for (const s of shards) {
      expect(s.stderr).not.toContain("not recorded");
      expect(s.code).toBe(0);
    }
    const exported = (await devjudgeInProcess(["history", "export", "--db", url])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(exported).toHaveLength(4);
    expect(exported.map((r) => r.shard).sort()).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    const verdicts = exported.flatMap((r) =>
      r.candidates.flatMap((c: { name: string; verdicts: { task: string; requirement: string }[] }) =>
        c.verdicts.map((v) => `${c.name}/${v.task}#${v.requirement}`),
      ),
    );
    expect(new Set(verdicts).size).toBe(TASKS * REQS * 2);
    expect(verdicts).toHaveLength(TASKS * REQS * 2);

    const merged = await devjudgeInProcess(
      ["merge", ...[1, 2, 3, 4].map((i) => join(dir, `shard-${i}`)), "--output", join(dir, "merged"), "--db", url],
      { cwd: dir, env },
    );
    expect(merged.stderr).toBe("");
    const { runs } = JSON.parse((await devjudgeInProcess(["history", "--json", "--db", url])).stdout);
    expect(runs).toHaveLength(1);
    const report = await readReportFile(join(dir, "merged"));
    expect(runs[0].runId).toBe(report.runId);
    expect(runs[0].candidates).toEqual(
      report.candidates
        .map((c) => ({
          name: c.name,
          reqMetI: c.metrics.reqMetI,
          reqMetD: c.metrics.reqMetD,
          solveRate: c.metrics.solveRate,
          coverage: { judged: TASKS * REQS, total: TASKS * REQS },
          cost: 0,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(runs[0].candidates.find((c: { name: string }) => c.name === "half").reqMetI).toBe(66.66);
    // the merged run keeps the shards' workspace hashes and git
    const whole = (await devjudgeInProcess(["history", "export", "--db", url])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .find((r) => r.runId === report.runId);
    expect(whole).toMatchObject({
      gitBranch: "main",
      gitCommit: "abc123",
      shard: null,
      judgeHash: exported[0].judgeHash,
    });
    expect(whole.candidates.map((c: { identity: unknown }) => c.identity)).toEqual([
      { path: join(dir, "ws/full/{task}") },
      { path: join(dir, "ws/half/{task}") },
    ]);
    expect(
      whole.candidates.every((c: { verdicts: { workspaceHash: string | null }[] }) =>
        c.verdicts.every((v) => /^[0-9a-f]{64}$/.test(v.workspaceHash ?? "")),
      ),
    ).toBe(true);
    const withShards = JSON.parse((await devjudgeInProcess(["history", "--json", "--shards", "--db", url])).stdout);
    expect(withShards.runs).toHaveLength(5);
  });

  it("the flaky analysis runs alike on PostgreSQL", async () => {
    const h = await openHistory(await pg.newDatabase("flaky"));
    try {
      await checkFlakyScenario(h);
    } finally {
      await h.close();
    }
  });

  it("a server that is down does not lose the run: the folder is written, the warning gives the import command, and import records it later", async () => {
    const dir = await tempDir();
    const config = await shardedProject(dir);
    const url = await pg.newDatabase("later");
    // nothing listens on port 1; the password must not be printed
    const down = url.replace(/:(\d+)\//, ":1/").replace("postgres@", "postgres:s3cret@");
    const r = await devjudgeInProcess(["run", "--config", config, "--output", join(dir, "r1"), "--db", down], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "r1", "report.json"))).toBe(true);
    expect(r.stderr).toContain("warning: the run was not recorded in the history");
    expect(r.stderr).toContain("devjudge history import r1 --db <your postgres URL>");
    expect(r.stderr).toContain("ECONNREFUSED");
    expect(r.stderr).not.toContain("s3cret");
    const imp = await devjudgeInProcess(["history", "import", join(dir, "r1"), "--db", url]);
    expect(imp.code).toBe(0);
    const { runs } = JSON.parse((await devjudgeInProcess(["history", "--json", "--db", url])).stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0].candidates.map((c: { name: string }) => c.name)).toEqual(["full", "half"]);
  });
});

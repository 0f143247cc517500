import { type Kysely, type Migration } from "kysely";

/** The tables as Kysely sees them (both back ends). */
export interface HistoryTables {
  runs: {
    run_id: string;
    started_at: string;
    finished_at: string;
    duration_ms: number;
    recorded_at: string;
    git_commit: string | null;
    git_branch: string | null;
    suite_hash: string;
    judge_hash: string;
    judge_json: string;
    devjudge_version: string;
    run_dir: string | null;
    shard: string | null;
  };
  run_candidates: {
    run_id: string;
    candidate: string;
    kind: string;
    identity_json: string;
    req_met_i: number;
    req_met_d: number;
    solve_rate: number;
    judged: number;
    total: number;
    cost: number;
    input_tokens: number;
    output_tokens: number;
    time_ms: number;
  };
  verdicts: {
    run_id: string;
    candidate: string;
    task: string;
    requirement: string;
    status: string;
    confidence: number;
    votes_json: string | null;
    input_tokens: number;
    output_tokens: number;
    cost: number;
    duration_ms: number;
    workspace_hash: string | null;
  };
}

/**
 * Versioned schema migrations, run on connect (Kysely's Migrator: in a transaction, under an
 * advisory lock on PostgreSQL, so shards connecting at once migrate once). Never edit one that
 * shipped; add the next.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-runs-candidates-verdicts": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("runs")
        .addColumn("run_id", "text", (c) => c.primaryKey())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text", (c) => c.notNull())
        .addColumn("duration_ms", "bigint", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("git_commit", "text")
        .addColumn("git_branch", "text")
        .addColumn("suite_hash", "text", (c) => c.notNull())
        .addColumn("judge_hash", "text", (c) => c.notNull())
        .addColumn("judge_json", "text", (c) => c.notNull())
        .addColumn("devjudge_version", "text", (c) => c.notNull())
        .addColumn("run_dir", "text")
        .addColumn("shard", "text")
        .execute();
      await db.schema.createIndex("runs_started").on("runs").columns(["started_at"]).execute();
      await db.schema.createIndex("runs_branch_started").on("runs").columns(["git_branch", "started_at"]).execute();
      await db.schema
        .createTable("run_candidates")
        .addColumn("run_id", "text", (c) => c.notNull().references("runs.run_id").onDelete("cascade"))
        .addColumn("candidate", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("identity_json", "text", (c) => c.notNull())
        .addColumn("req_met_i", "double precision", (c) => c.notNull())
        .addColumn("req_met_d", "double precision", (c) => c.notNull())
        .addColumn("solve_rate", "double precision", (c) => c.notNull())
        .addColumn("judged", "integer", (c) => c.notNull())
        .addColumn("total", "integer", (c) => c.notNull())
        .addColumn("cost", "double precision", (c) => c.notNull())
        .addColumn("input_tokens", "bigint", (c) => c.notNull())
        .addColumn("output_tokens", "bigint", (c) => c.notNull())
        .addColumn("time_ms", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("run_candidates_pk", ["run_id", "candidate"])
        .execute();
      await db.schema
        .createTable("verdicts")
        .addColumn("run_id", "text", (c) => c.notNull().references("runs.run_id").onDelete("cascade"))
        .addColumn("candidate", "text", (c) => c.notNull())
        .addColumn("task", "text", (c) => c.notNull())
        .addColumn("requirement", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("confidence", "double precision", (c) => c.notNull())
        .addColumn("votes_json", "text")
        .addColumn("input_tokens", "bigint", (c) => c.notNull())
        .addColumn("output_tokens", "bigint", (c) => c.notNull())
        .addColumn("cost", "double precision", (c) => c.notNull())
        .addColumn("duration_ms", "bigint", (c) => c.notNull())
        .addColumn("workspace_hash", "text")
        .addPrimaryKeyConstraint("verdicts_pk", ["run_id", "candidate", "task", "requirement"])
        .execute();
      await db.schema
        .createIndex("verdicts_requirement")
        .on("verdicts")
        .columns(["candidate", "task", "requirement"])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ["verdicts", "run_candidates", "runs"]) await db.schema.dropTable(t).execute();
    },
  },
};

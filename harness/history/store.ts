import type { VerdictStatus } from "../core/verdict.js";
import { describe, HistoryError, type HistoryDb } from "./open-db.js";
import type { HistoryTables } from "./schema.js";
import type { CandidateRecord, JudgeIdentity, RunRecord, RunSummary, VerdictRecord } from "./types.js";

/** Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 400;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Writes a run in one transaction; recording a run again replaces it (importing twice keeps one copy). */
export async function recordRun(h: HistoryDb, run: RunRecord): Promise<void> {
  try {
    await h.db.transaction().execute(async (trx) => {
      for (const table of ["verdicts", "run_candidates", "runs"] as const)
        await trx.deleteFrom(table).where("run_id", "=", run.runId).execute();
      await trx
        .insertInto("runs")
        .values({
          run_id: run.runId,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          duration_ms: run.durationMs,
          recorded_at: new Date().toISOString(),
          git_commit: run.gitCommit,
          git_branch: run.gitBranch,
          suite_hash: run.suiteHash,
          judge_hash: run.judgeHash,
          judge_json: JSON.stringify(run.judge),
          devjudge_version: run.devjudgeVersion,
          run_dir: run.runDir,
          shard: run.shard,
        })
        .execute();
      if (run.candidates.length) {
        await trx
          .insertInto("run_candidates")
          .values(
            run.candidates.map((c) => ({
              run_id: run.runId,
              candidate: c.name,
              kind: c.kind,
              identity_json: JSON.stringify(c.identity),
              req_met_i: c.figures.reqMetI,
              req_met_d: c.figures.reqMetD,
              solve_rate: c.figures.solveRate,
              judged: c.figures.coverage.judged,
              total: c.figures.coverage.total,
              cost: c.figures.cost,
              input_tokens: c.figures.inputTokens,
              output_tokens: c.figures.outputTokens,
              time_ms: Math.round(c.figures.timeMs),
            })),
          )
          .execute();
      }
      const rows = run.candidates.flatMap((c) =>
        c.verdicts.map((v) => ({
          run_id: run.runId,
          candidate: c.name,
          task: v.task,
          requirement: v.requirement,
          status: v.status,
          confidence: v.confidence,
          votes_json: v.votes ? JSON.stringify(v.votes) : null,
          input_tokens: v.inputTokens,
          output_tokens: v.outputTokens,
          cost: v.cost,
          duration_ms: v.durationMs,
          workspace_hash: v.workspaceHash,
        })),
      );
      for (const part of chunks(rows)) await trx.insertInto("verdicts").values(part).execute();
    });
  } catch (e) {
    throw new HistoryError(`${h.where}: could not record run ${run.runId}: ${describe(e)}`);
  }
}

export interface ListOptions {
  candidate?: string;
  last?: number;
  branch?: string;
  /** Shard runs are hidden unless asked for: their merged run stands for them. */
  shards?: boolean;
}

/** Runs newest first, each with its candidates' figures. */
export async function listRuns(h: HistoryDb, opts: ListOptions = {}): Promise<RunSummary[]> {
  let q = h.db
    .selectFrom("runs")
    .select(["run_id", "started_at", "git_commit", "git_branch", "judge_hash", "run_dir", "shard"]);
  if (!opts.shards) q = q.where("shard", "is", null);
  if (opts.branch) q = q.where("git_branch", "=", opts.branch);
  if (opts.candidate)
    q = q.where(
      "run_id",
      "in",
      h.db.selectFrom("run_candidates").select("run_id").where("candidate", "=", opts.candidate!),
    );
  q = q.orderBy("started_at", "desc").orderBy("run_id", "desc");
  if (opts.last) q = q.limit(opts.last);
  return withCandidates(h, await q.execute(), opts.candidate);
}

/** A candidate's figures as stored: the same shape for `history` and `export`. */
function figuresOf(c: HistoryTables["run_candidates"]) {
  return {
    reqMetI: c.req_met_i,
    reqMetD: c.req_met_d,
    solveRate: c.solve_rate,
    coverage: { judged: c.judged, total: c.total },
    cost: c.cost,
    inputTokens: Number(c.input_tokens),
    outputTokens: Number(c.output_tokens),
    timeMs: Number(c.time_ms),
  };
}

type RunRow = {
  run_id: string;
  started_at: string;
  git_commit: string | null;
  git_branch: string | null;
  judge_hash: string;
  run_dir: string | null;
  shard: string | null;
};

async function withCandidates(h: HistoryDb, runs: RunRow[], candidate?: string): Promise<RunSummary[]> {
  if (!runs.length) return [];
  const byRun = new Map<string, RunSummary>(
    runs.map((r) => [
      r.run_id,
      {
        runId: r.run_id,
        startedAt: r.started_at,
        gitCommit: r.git_commit,
        gitBranch: r.git_branch,
        judgeHash: r.judge_hash,
        runDir: r.run_dir,
        shard: r.shard,
        candidates: [],
      },
    ]),
  );
  const ids = [...byRun.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    let cq = h.db
      .selectFrom("run_candidates")
      .selectAll()
      .where("run_id", "in", ids.slice(i, i + CHUNK));
    if (candidate) cq = cq.where("candidate", "=", candidate);
    for (const c of await cq.orderBy("candidate").execute()) {
      byRun.get(c.run_id)!.candidates.push({
        name: c.candidate,
        kind: c.kind,
        ...figuresOf(c),
      });
    }
  }
  return [...byRun.values()];
}

/** The latest whole (unsharded or merged) run of a branch, leaving out one run id (the run being compared). */
export async function latestRun(
  h: HistoryDb,
  branch: string | undefined,
  except?: string,
): Promise<RunSummary | undefined> {
  let q = h.db
    .selectFrom("runs")
    .select(["run_id", "started_at", "git_commit", "git_branch", "judge_hash", "run_dir", "shard"])
    .where("shard", "is", null);
  if (branch) q = q.where("git_branch", "=", branch);
  if (except) q = q.where("run_id", "!=", except);
  const row = await q.orderBy("started_at", "desc").orderBy("run_id", "desc").limit(1).executeTakeFirst();
  return row ? (await withCandidates(h, [row]))[0] : undefined;
}

/** A recorded verdict with what classifies its changes. */
export interface VerdictRow {
  runId: string;
  startedAt: string;
  judgeHash: string;
  suiteHash: string;
  candidate: string;
  task: string;
  requirement: string;
  status: VerdictStatus;
  votes: VerdictStatus[] | null;
  workspaceHash: string | null;
}

/** Every recorded verdict (of one run, or of whole runs, of a candidate), oldest run first. */
export async function verdictRows(h: HistoryDb, opts: { runId?: string; candidate?: string }): Promise<VerdictRow[]> {
  let q = h.db
    .selectFrom("verdicts as v")
    .innerJoin("runs as r", "r.run_id", "v.run_id")
    .select([
      "v.run_id",
      "r.started_at",
      "r.judge_hash",
      "r.suite_hash",
      "v.candidate",
      "v.task",
      "v.requirement",
      "v.status",
      "v.votes_json",
      "v.workspace_hash",
    ]);
  if (opts.runId) q = q.where("v.run_id", "=", opts.runId);
  else q = q.where("r.shard", "is", null);
  if (opts.candidate) q = q.where("v.candidate", "=", opts.candidate);
  const rows = await q.orderBy("r.started_at").orderBy("v.run_id").execute();
  return rows.map((r) => ({
    runId: r.run_id,
    startedAt: r.started_at,
    judgeHash: r.judge_hash,
    suiteHash: r.suite_hash,
    candidate: r.candidate,
    task: r.task,
    requirement: r.requirement,
    status: r.status as VerdictStatus,
    votes: r.votes_json ? (JSON.parse(r.votes_json) as VerdictStatus[]) : null,
    workspaceHash: r.workspace_hash,
  }));
}

/** Every run as a full record (for `history export`), oldest first, one at a time. */
export async function* exportRuns(h: HistoryDb): AsyncGenerator<RunRecord> {
  const runs = await h.db.selectFrom("runs").selectAll().orderBy("started_at").orderBy("run_id").execute();
  for (const r of runs) {
    const cands = await h.db
      .selectFrom("run_candidates")
      .selectAll()
      .where("run_id", "=", r.run_id)
      .orderBy("candidate")
      .execute();
    const verdicts = await h.db
      .selectFrom("verdicts")
      .selectAll()
      .where("run_id", "=", r.run_id)
      .orderBy("candidate")
      .orderBy("task")
      .orderBy("requirement")
      .execute();
    const candidates: CandidateRecord[] = cands.map((c) => ({
      name: c.candidate,
      kind: c.kind,
      identity: JSON.parse(c.identity_json) as Record<string, unknown>,
      figures: figuresOf(c),
      verdicts: verdicts
        .filter((v) => v.candidate === c.candidate)
        .map(
          (v): VerdictRecord => ({
            task: v.task,
            requirement: v.requirement,
            status: v.status as VerdictStatus,
            confidence: v.confidence,
            votes: v.votes_json ? (JSON.parse(v.votes_json) as VerdictStatus[]) : null,
            inputTokens: Number(v.input_tokens),
            outputTokens: Number(v.output_tokens),
            cost: v.cost,
            durationMs: Number(v.duration_ms),
            workspaceHash: v.workspace_hash,
          }),
        ),
    }));
    yield {
      runId: r.run_id,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: Number(r.duration_ms),
      gitCommit: r.git_commit,
      gitBranch: r.git_branch,
      suiteHash: r.suite_hash,
      judgeHash: r.judge_hash,
      judge: JSON.parse(r.judge_json) as JudgeIdentity,
      devjudgeVersion: r.devjudge_version,
      runDir: r.run_dir,
      shard: r.shard,
      candidates,
    };
  }
}

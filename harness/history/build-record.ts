import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import type { CandidateConfig, Config } from "../config/types.js";
import type { Report } from "../report/types.js";
import { readJournal, startedEvent } from "../run/journal.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { candidateFigures } from "./read-report.js";
import { stableHash } from "./stable-hash.js";
import type { CandidateRecord, JudgeIdentity, RunRecord, VerdictRecord } from "./types.js";
import { workspaceHash } from "./workspace-hash.js";
import { unitLabel } from "../core/keys.js";

/**
 * Beside report.json: what the history needs that the report does not hold, taken when the run
 * ended — each unit's workspace hash (workspaces may change or go later) and the evaluated
 * project's git commit and branch — so a run recorded later (`history import`) is recorded as it was.
 */
export const CONTEXT_FILE = "history-context.json";

interface RunContext {
  git?: { commit: string | null; branch: string | null };
  /** From the run's configuration, which a merged run's folder does not hold. */
  judge?: JudgeIdentity;
  identities?: Record<string, Record<string, unknown>>;
  workspaces: Record<string, string | null>;
}

/** The project configuration the run started with, from its journal (absent for a merged run). */
export function configFromJournal(runDir: string): Config | undefined {
  const file = join(runDir, "journal.jsonl");
  if (!existsSync(file)) return undefined;
  return startedEvent(readJournal(file).events)?.manifest.config;
}

async function readContext(runDir: string): Promise<RunContext | undefined> {
  const file = join(runDir, CONTEXT_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, "utf8")) as RunContext;
}

/**
 * The run's context: read from the run folder (or, for a merged run, its shards' folders) where
 * it was saved, otherwise taken now (workspace hashes from the workspaces on disk, git from the
 * environment) and saved there.
 */
async function runContext(
  report: Report,
  runDir: string,
  shardDirs: string[],
  bases: string[],
  config?: Config,
): Promise<RunContext> {
  const ctx: RunContext = { workspaces: {} };
  for (const dir of [...shardDirs, runDir]) {
    const saved = await readContext(dir);
    if (!saved) continue;
    ctx.git ??= saved.git;
    ctx.judge ??= saved.judge;
    ctx.identities ??= saved.identities;
    Object.assign(ctx.workspaces, saved.workspaces);
  }
  let changed = shardDirs.length > 0;
  if (!ctx.git) {
    ctx.git = await projectGit(bases[0]);
    changed = true;
  }
  // a configuration read now (a journal) wins over none; none never replaces a saved one
  if (!ctx.judge || (config && !ctx.identities)) {
    ctx.judge = judgeIdentity(report, config);
    ctx.identities = {};
    for (const c of report.candidates) {
      const firstWs = c.tasks.find((t) => t.workspace)?.workspace;
      ctx.identities[c.name] = await candidateIdentity(
        config?.candidates.find((x) => x.name === c.name),
        firstWs && resolve(bases[0]!, firstWs),
      );
    }
    changed = true;
  }
  for (const c of report.candidates) {
    for (const t of c.tasks) {
      const key = unitLabel(c.name, t.task);
      if (ctx.workspaces[key] !== undefined) continue;
      ctx.workspaces[key] = t.workspace ? await firstHash(bases.map((b) => resolve(b, t.workspace!))) : null;
      changed = true;
    }
  }
  if (changed) await writeFileAtomic(join(runDir, CONTEXT_FILE), `${JSON.stringify(ctx, null, 1)}\n`);
  return ctx;
}

async function firstHash(paths: string[]): Promise<string | null> {
  for (const p of new Set(paths)) {
    const h = await workspaceHash(p);
    if (h) return h;
  }
  return null;
}

/**
 * Where a report's relative workspace paths may start: the folder the command runs in, the
 * project file's folder, and the run folder's ancestors (a run imported later, from elsewhere).
 */
function pathBases(runDir: string, config?: Config, base?: string): string[] {
  const out = [base ?? process.cwd()];
  if (config?.file) out.push(dirname(config.file));
  for (let d = resolve(runDir); dirname(d) !== d; d = dirname(d)) out.push(dirname(d));
  return out;
}

function judgeIdentity(report: Report, config?: Config): JudgeIdentity {
  const j = config?.judge;
  const id: JudgeIdentity = { name: report.judge.name, promptVersion: report.devjudge };
  // the static judge runs the checks alone: model settings do not change its verdicts
  if (!j || report.judge.name === "static") return id;
  return {
    ...id,
    model: j.model,
    workflow: j.workflow,
    votes: j.votes,
    temperature: j.temperature,
    staticFirst: j.staticFirst,
    runTool: j.runTool,
    vision: j.vision,
  };
}

async function gitOutput(args: string[], cwd: string): Promise<string | null> {
  const r = await execa("git", args, { cwd, reject: false });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

async function candidateIdentity(
  c: CandidateConfig | undefined,
  firstWorkspace: string | undefined,
): Promise<Record<string, unknown>> {
  if (!c) return {};
  if (c.kind === "dir") return { path: c.path };
  if (c.kind === "git") {
    const commit =
      firstWorkspace && existsSync(firstWorkspace) ? await gitOutput(["rev-parse", "HEAD"], firstWorkspace) : null;
    return { repo: c.repo, ref: c.ref, commit };
  }
  // `agent` (a preset name and version) is recorded when the candidate's configuration has one
  const agent = (c as { agent?: unknown }).agent;
  return { run: c.run, ...(agent !== undefined ? { agent } : {}), ...(c.template ? { template: c.template } : {}) };
}

/** The commit and branch of the project being evaluated: what CI says, else what git says here. */
export async function projectGit(cwd = process.cwd()): Promise<{ commit: string | null; branch: string | null }> {
  const env = process.env;
  const commit = env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? (await gitOutput(["rev-parse", "HEAD"], cwd));
  let branch =
    env.GITHUB_HEAD_REF ||
    env.GITHUB_REF_NAME ||
    env.CI_COMMIT_REF_NAME ||
    (await gitOutput(["rev-parse", "--abbrev-ref", "HEAD"], cwd));
  if (branch === "HEAD") branch = null;
  return { commit: commit ?? null, branch: branch ?? null };
}

export interface RecordSource {
  report: Report;
  runDir: string;
  config?: Config;
  shardDirs?: string[];
  /** The folder the run ran in (workspace paths in the report are relative to it). */
  base?: string;
}

export async function buildRecord(src: RecordSource): Promise<RunRecord> {
  const { report, config } = src;
  const bases = pathBases(src.runDir, config, src.base);
  const context = await runContext(report, src.runDir, src.shardDirs ?? [], bases, config);
  const hashes = context.workspaces;
  const judge = context.judge!;
  const git = context.git!;
  const candidates: CandidateRecord[] = [];
  for (const c of report.candidates) {
    const verdicts: VerdictRecord[] = [];
    for (const t of c.tasks) {
      const workspaceHashOf = hashes[unitLabel(c.name, t.task)] ?? null;
      for (const v of t.requirements) {
        verdicts.push({
          task: t.task,
          requirement: String(v.id),
          status: v.status,
          confidence: v.confidence,
          votes: v.votes ?? null,
          inputTokens: v.usage?.inputTokens ?? 0,
          outputTokens: v.usage?.outputTokens ?? 0,
          cost: v.usage?.cost ?? 0,
          durationMs: Math.round(v.durationMs),
          workspaceHash: workspaceHashOf,
        });
      }
    }
    candidates.push({
      name: c.name,
      kind: c.kind,
      identity: context.identities?.[c.name] ?? {},
      figures: candidateFigures(report, c),
      verdicts,
    });
  }
  return {
    runId: report.runId,
    startedAt: report.createdAt,
    finishedAt: report.finishedAt,
    durationMs: Math.round(report.durationMs),
    gitCommit: git.commit,
    gitBranch: git.branch,
    suiteHash: stableHash(report.suite.tasks),
    judgeHash: stableHash(judge),
    judge,
    devjudgeVersion: report.devjudge,
    runDir: resolve(src.runDir),
    shard: report.shard ? `${report.shard.index}/${report.shard.total}` : null,
    candidates,
  };
}

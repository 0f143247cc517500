import { existsSync } from "node:fs";
import { cp, mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CommandCandidate } from "../config/types.js";
import { minimalEnv, runProcess } from "../exec/run-process.js";
import { sandboxed } from "../exec/sandbox.js";
import type { Task } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";
import { registerSecrets } from "../util/redact.js";
import { findTrace } from "./find-trace.js";
import { fillTemplate, isSha, type CandidateSource, type Materialised, type SourceContext } from "./types.js";

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The prompt as DevAI gives it to an agent: the query, then the constraints. */
export const promptText = (task: Task) => [task.query.trim(), task.constraints?.trim()].filter(Boolean).join("\n\n") + "\n";

/** Where a command candidate's files for one task live inside the run directory. */
export function agentPaths(runDir: string, candidate: string, task: string) {
  const base = join(runDir, "agents", candidate, task);
  return {
    base,
    workspace: join(base, "workspace"),
    home: join(base, "home"),
    queryFile: join(base, "query.md"),
    log: join(base, "process.log"),
    trajectoryFile: join(base, "trajectory.json"),
    /** How the agent's run ended, written by devjudge beside (not inside) the folder the agent could write. */
    record: `${base}.agent-run.json`,
  };
}

interface AgentRecord {
  agent: NonNullable<Materialised["agent"]>;
  warnings: string[];
}

/**
 * Runs the agent itself on each task: a fresh workspace (empty, or a copy of a template folder or
 * repository at a ref), the prompt in a file, the command under a time limit that takes the whole
 * process tree down, an environment allow-list, and every line of output timestamped into a log.
 */
export class CommandSource implements CandidateSource {
  constructor(readonly config: CommandCandidate) {}

  async materialise(task: Task, ctx: SourceContext): Promise<Materialised> {
    const p = agentPaths(ctx.runDir, this.config.name, task.id);
    // A resumed run whose agent had finished for this task judges the rest on that same run's
    // workspace and trace (verdicts of one task never come from two agent runs); an agent cut
    // off before it finished left no verdicts, and runs again from scratch.
    const kept = await readFile(p.record, "utf8").then((t) => JSON.parse(t) as AgentRecord, () => undefined);
    if (kept) {
      const warnings = [...kept.warnings, "resumed: the agent's run from before the interruption is reused (its workspace and trace are kept in the run folder)"];
      return { workspace: p.workspace, trace: await this.findAgentTrace(p, task, warnings), agent: kept.agent, warnings };
    }
    await rm(p.base, { recursive: true, force: true });
    await mkdir(p.home, { recursive: true });
    await this.prepareWorkspace(p.workspace);
    await writeFile(p.queryFile, promptText(task));
    const command = this.config.run
      .replaceAll("{workspace}", shellQuote(p.workspace))
      .replaceAll("{query_file}", shellQuote(p.queryFile))
      .replaceAll("{trajectory_file}", shellQuote(p.trajectoryFile))
      .replaceAll("{config_dir}", shellQuote(this.config.configDir))
      .replaceAll("{task}", shellQuote(task.id));
    const passed = Object.fromEntries(this.config.env.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
    registerSecrets(Object.values(passed));
    const log = await open(p.log, "w");
    const pending: Promise<unknown>[] = [];
    const record = (stream: string, line: string) => pending.push(log.write(`${new Date().toISOString()} ${stream} ${line}\n`));
    record("event", `started: ${command}`);
    ctx.emit({ type: "agent.started", candidate: this.config.name, task: task.id, command });
    const sandbox = await sandboxed(command, { writable: [p.base], readOnly: [this.config.configDir], cwd: p.workspace, network: this.config.network });
    const r = await runProcess(sandbox.file, sandbox.args, {
      cwd: p.workspace,
      env: minimalEnv(p.home, { DEVJUDGE_TASK: task.id, DEVJUDGE_WORKSPACE: p.workspace, DEVJUDGE_QUERY_FILE: p.queryFile, DEVJUDGE_TRAJECTORY_FILE: p.trajectoryFile, ...passed }),
      timeoutMs: this.config.timeoutS * 1000,
      signal: ctx.signal,
      onLine: record,
    }).finally(() => sandbox.release());
    const how = r.spawnError ? `could not start: ${r.spawnError}` : r.timedOut ? `killed after the ${this.config.timeoutS}s limit` : r.aborted ? "stopped by devjudge" : `exited ${r.exitCode ?? r.signal}`;
    record("event", how);
    await Promise.all(pending);
    await log.close();
    const agent = { exitCode: r.exitCode, durationMs: Math.round(r.durationMs), timedOut: r.timedOut, selfTerminated: !r.timedOut && !r.aborted && !r.spawnError };
    ctx.emit({ type: "agent.exited", candidate: this.config.name, task: task.id, ...agent });
    if (r.aborted) throw new Error("stopped before the agent finished");
    const warnings: string[] = [];
    if (r.timedOut) warnings.push(`agent ${how}`);
    else if (r.exitCode !== 0) warnings.push(`agent ${how}`);
    await writeFile(p.record, JSON.stringify({ agent, warnings } satisfies AgentRecord));
    return { workspace: p.workspace, trace: await this.findAgentTrace(p, task, warnings), agent, warnings };
  }

  /** The trace: where the config says the agent writes one, else $DEVJUDGE_TRAJECTORY_FILE, else the process log. */
  private async findAgentTrace(p: ReturnType<typeof agentPaths>, task: Task, warnings: string[]) {
    const configured = this.config.trajectory && resolve(p.workspace, fillTemplate(this.config.trajectory, task.id));
    const written = [configured, p.trajectoryFile].find((f) => f && existsSync(f));
    if (configured && !written) warnings.push(`the agent wrote no trajectory at ${displayPath(configured)}; using its process log`);
    return (written && (await findTrace(written, this.config.trajectoryFormat, warnings, p.base))) || (await findTrace(p.log, "log", warnings, p.base));
  }

  private async prepareWorkspace(dir: string) {
    const t = this.config.template;
    if (t?.repo) {
      const { simpleGit } = await import("simple-git");
      // --branch takes a branch or tag; a commit is checked out after the clone
      await simpleGit().clone(t.repo, dir, ["--quiet", ...(t.ref && !isSha(t.ref) ? ["--branch", t.ref] : [])]);
      if (t.ref && isSha(t.ref)) await simpleGit(dir).checkout(["--detach", t.ref]);
    } else if (t?.dir) await cp(t.dir, dir, { recursive: true });
    else await mkdir(dir, { recursive: true });
  }
}

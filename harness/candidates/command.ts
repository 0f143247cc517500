import { existsSync } from "node:fs";
import { cp, mkdir, open, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { CommandCandidate } from "../config/types.js";
import { minimalEnv, runProcess } from "../exec/run-process.js";
import { startEndpointRelay } from "../exec/endpoint-relay.js";
import { onPath } from "../exec/on-path.js";
import { sandboxAvailable, sandboxed, type SandboxOptions } from "../exec/sandbox.js";
import type { AgentRun } from "../report/types.js";
import type { Task } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";
import { registerSecrets } from "../util/redact.js";
import { traceReaders } from "../trace/read-trace.js";
import { agentPresets, type AgentPreset, type PresetContext } from "./agents/index.js";
import { findTrace } from "./find-trace.js";
import { fillTemplate, isSha, type CandidateSource, type Materialised, type SourceContext } from "./types.js";

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The sandbox shows the system folders and PATH, not the rest of the disk: an agent installed
 * elsewhere (a project's node_modules, a checkout under /tmp) is bound back in, read-only — its
 * node_modules folder, where both the .bin link and the package it points to live.
 */
async function installFolders(bin: string): Promise<string[]> {
  const system = ["/usr/", "/bin/", "/sbin/", "/lib/", "/opt/"];
  const dirs = [bin, await realpath(bin)]
    .filter((f) => !system.some((d) => f.startsWith(d)))
    .map((f) => {
      const i = f.lastIndexOf(`${sep}node_modules${sep}`);
      return i >= 0 ? f.slice(0, i + `${sep}node_modules`.length) : dirname(f);
    });
  return [...new Set(dirs)];
}

/** The prompt as DevAI gives it to an agent: the query, then the constraints. */
export const promptText = (task: Task) =>
  [task.query.trim(), task.constraints?.trim()].filter(Boolean).join("\n\n") + "\n";

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
  agent: AgentRun;
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
    const preset = this.config.agent && agentPresets[this.config.agent];
    // A resumed run whose agent had finished for this task judges the rest on that same run's
    // workspace and trace (verdicts of one task never come from two agent runs); an agent cut
    // off before it finished left no verdicts, and runs again from scratch.
    const kept = await readFile(p.record, "utf8").then(
      (t) => JSON.parse(t) as AgentRecord,
      () => undefined,
    );
    if (kept) {
      const warnings = [
        ...kept.warnings,
        "resumed: the agent's run from before the interruption is reused " +
          "(its workspace and trace are kept in the run folder)",
      ];
      const trace = await this.traceOf(preset, this.presetContext(p, this.config.agentBaseUrl, []), p, task, warnings);
      return { workspace: p.workspace, trace, warnings };
    }
    await rm(p.base, { recursive: true, force: true });
    await mkdir(p.home, { recursive: true });
    await this.prepareWorkspace(p.workspace);
    await writeFile(p.queryFile, promptText(task));
    const bin = preset && (await onPath(preset.binary));
    // a missing agent fails the unit with the cause, rather than judging an empty workspace
    if (preset && !this.config.run && !bin)
      throw new Error(`${preset.title} is not installed: '${preset.binary}' is not on PATH (${preset.install})`);
    const sandbox = {
      writable: [p.base],
      readOnly: [this.config.configDir, ...(bin ? await installFolders(bin) : [])],
      cwd: p.workspace,
      network: this.config.network,
      hostsFile: undefined as string | undefined,
    };
    // a preset's agent reaches its model endpoint and nothing else, unless `network: true` opens everything
    const relay =
      preset && !this.config.network && sandboxAvailable()
        ? await startEndpointRelay(this.config.agentBaseUrl ?? preset.defaultBaseUrl)
        : undefined;
    try {
      if (relay) {
        sandbox.writable.push(relay.dir);
        sandbox.hostsFile = relay.hostsFile;
      }
      const allowed = [...this.config.env, ...(preset?.keyEnv ?? [])].filter((k) => !this.config.neverPass.includes(k));
      const passed = Object.fromEntries(
        allowed.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])),
      );
      registerSecrets(Object.values(passed));
      const keys = (preset?.keyEnv ?? []).filter((k) => k in passed);
      const presetCtx = this.presetContext(p, relay?.baseUrl ?? this.config.agentBaseUrl, keys);
      await preset?.prepare?.(presetCtx);
      const command = this.config.run ? this.fillRun(this.config.run, p, task) : preset!.command(presetCtx);
      const warnings: string[] = [];
      const withheld = (preset?.keyEnv ?? []).filter(
        (k) => this.config.neverPass.includes(k) && process.env[k] !== undefined,
      );
      if (preset && !keys.length && withheld.length)
        warnings.push(
          `${withheld.join(", ")} is the judge's key, so ${preset.title} does not get it: ` +
            `set one of ${preset.keyEnv.filter((k) => !withheld.includes(k)).join(", ")}`,
        );
      const r = await this.runAgent(
        relay ? relay.wrap(command) : command,
        command,
        sandbox,
        { ...passed, ...preset?.env(presetCtx) },
        p,
        task,
        ctx,
      );
      if (r.warning) warnings.push(r.warning);
      await writeFile(p.record, JSON.stringify({ agent: r.agent, warnings } satisfies AgentRecord));
      const trace = await this.traceOf(preset, presetCtx, p, task, warnings);
      return { workspace: p.workspace, trace, warnings };
    } finally {
      await relay?.close();
    }
  }

  private presetContext(p: ReturnType<typeof agentPaths>, baseUrl: string | undefined, keys: string[]): PresetContext {
    const c = this.config;
    return {
      workspace: p.workspace,
      home: p.home,
      agentDir: p.base,
      queryFile: p.queryFile,
      model: c.agentModel,
      baseUrl,
      keys,
    };
  }

  /** A preset's transcript where it lands, unless the project names a trajectory file; else that file. */
  private traceOf(
    preset: AgentPreset | undefined,
    presetCtx: PresetContext,
    p: ReturnType<typeof agentPaths>,
    task: Task,
    warnings: string[],
  ) {
    return preset && !this.config.trajectory
      ? this.presetTrace(preset, presetCtx, p, warnings)
      : this.writtenTrace(p, task, warnings);
  }

  private fillRun(run: string, p: ReturnType<typeof agentPaths>, task: Task) {
    return run
      .replaceAll("{workspace}", shellQuote(p.workspace))
      .replaceAll("{query_file}", shellQuote(p.queryFile))
      .replaceAll("{trajectory_file}", shellQuote(p.trajectoryFile))
      .replaceAll("{config_dir}", shellQuote(this.config.configDir))
      .replaceAll("{task}", shellQuote(task.id));
  }

  /** Runs the command sandboxed with the allow-listed environment, every output line timestamped into the log. */
  private async runAgent(
    command: string,
    shown: string,
    sandbox: SandboxOptions,
    env: Record<string, string>,
    p: ReturnType<typeof agentPaths>,
    task: Task,
    ctx: SourceContext,
  ) {
    const log = await open(p.log, "w");
    const pending: Promise<unknown>[] = [];
    const record = (stream: string, line: string) =>
      pending.push(log.write(`${new Date().toISOString()} ${stream} ${line}\n`));
    record("event", `started: ${shown}`);
    ctx.emit({ type: "agent.started", candidate: this.config.name, task: task.id, command: shown });
    const boxed = await sandboxed(command, sandbox);
    const r = await runProcess(boxed.file, boxed.args, {
      cwd: p.workspace,
      env: minimalEnv(p.home, {
        DEVJUDGE_TASK: task.id,
        DEVJUDGE_WORKSPACE: p.workspace,
        DEVJUDGE_QUERY_FILE: p.queryFile,
        DEVJUDGE_TRAJECTORY_FILE: p.trajectoryFile,
        ...env,
      }),
      timeoutMs: this.config.timeoutS * 1000,
      signal: ctx.signal,
      onLine: record,
    }).finally(() => boxed.release());
    const how = r.spawnError
      ? `could not start: ${r.spawnError}`
      : r.timedOut
        ? `killed after the ${this.config.timeoutS}s limit`
        : r.aborted
          ? "stopped by devjudge"
          : `exited ${r.exitCode ?? r.signal}`;
    record("event", how);
    await Promise.all(pending);
    await log.close();
    const agent = {
      exitCode: r.exitCode,
      durationMs: Math.round(r.durationMs),
      timedOut: r.timedOut,
      selfTerminated: !r.timedOut && !r.aborted && !r.spawnError,
    };
    ctx.emit({ type: "agent.exited", candidate: this.config.name, task: task.id, ...agent });
    if (r.aborted) throw new Error("stopped before the agent finished");
    return { agent, warning: r.timedOut || r.exitCode !== 0 ? `agent ${how}` : undefined };
  }

  /** The trace: where the config says the agent writes one, else $DEVJUDGE_TRAJECTORY_FILE, else the process log. */
  private async writtenTrace(p: ReturnType<typeof agentPaths>, task: Task, warnings: string[]) {
    const configured = this.config.trajectory && resolve(p.workspace, fillTemplate(this.config.trajectory, task.id));
    const written = [configured, p.trajectoryFile].find((f) => f && existsSync(f));
    if (configured && !written)
      warnings.push(`the agent wrote no trajectory at ${displayPath(configured)}; using its process log`);
    return (
      (written && (await findTrace(written, this.config.trajectoryFormat, warnings, p.base))) ||
      (await findTrace(p.log, "log", warnings, p.base))
    );
  }

  /** The agent's native transcript, collected from where its preset says it lands; else the process log. */
  private async presetTrace(
    preset: AgentPreset,
    c: PresetContext,
    p: ReturnType<typeof agentPaths>,
    warnings: string[],
  ) {
    const transcript = await preset.transcript(c);
    if (!transcript)
      warnings.push(`${preset.title} left no transcript where it keeps them; judging with its process log`);
    // the preset's reader when this build has it, else what the file's name suggests
    const format =
      this.config.trajectoryFormat ?? (preset.traceFormat in traceReaders ? preset.traceFormat : undefined);
    return (
      (transcript && (await findTrace(transcript, format, warnings, p.base))) ||
      (await findTrace(p.log, "log", warnings, p.base))
    );
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

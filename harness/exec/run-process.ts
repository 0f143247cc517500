import { createInterface } from "node:readline";

export interface ProcessResult {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  /** Aborted through the caller's signal (a graceful stop), not by the time limit. */
  aborted: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the process could not be started at all (missing binary, bad cwd). */
  spawnError?: string;
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL for the process group. */
  graceMs?: number;
  input?: string;
  /** Called for each line of output as it arrives (for timestamped logs). */
  onLine?: (stream: "stdout" | "stderr", line: string) => void;
}

const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) killGroup(pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs a command in its own process group and, on timeout or abort, kills the whole group:
 * execa's own timeout only signals the direct child, and grandchildren holding the pipes would
 * keep the await hanging.
 */
export async function runProcess(file: string, args: string[], opts: RunOptions): Promise<ProcessResult> {
  const started = performance.now();
  // loaded when first used: execa is a hundred modules, and a run over ready workspaces never starts a process
  const { execa } = await import("execa");
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    detached: true,
    reject: false,
    stripFinalNewline: false,
    input: opts.input ?? "",
    maxBuffer: 16 * 1024 * 1024,
  });
  const pid = child.pid;
  if (opts.onLine) {
    for (const stream of ["stdout", "stderr"] as const) {
      const readable = child[stream];
      if (readable)
        createInterface({ input: readable, crlfDelay: Infinity }).on("line", (line) => opts.onLine!(stream, line));
    }
  }
  if (pid !== undefined) liveGroups.add(pid);
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (pid === undefined) return;
    killGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), opts.graceMs ?? 2000);
    killTimer.unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  try {
    const r = await child;
    const spawnError = r.failed && r.exitCode === undefined && !r.signal ? r.shortMessage : undefined;
    return {
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? undefined,
      timedOut,
      aborted,
      stdout: String(r.stdout ?? ""),
      stderr: String(r.stderr ?? ""),
      durationMs: performance.now() - started,
      spawnError,
    };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
    if (pid !== undefined) {
      // whatever the child left behind in its group goes too
      killGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    }
    if (killTimer) clearTimeout(killTimer);
  }
}

/** The environment untrusted commands get: nothing from ours but what is needed to find programs. */
export function minimalEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    TMPDIR: home,
    LANG: process.env.LANG ?? "C.UTF-8",
  };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return { ...env, ...extra };
}

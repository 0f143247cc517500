import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minimalEnv, runProcess, type ProcessResult } from "./run-process.js";
import { sandboxed } from "./sandbox.js";

const PREFIX = "devjudge-run-";
let cleaned: Promise<void> | undefined;

/** Whether a process with this id is still running (then its copies are in use, or its id was reused: keep them). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Removes the copies that killed devjudge processes left in the temp folder (their names carry the process id). */
export async function cleanStaleCopies(dir = tmpdir()): Promise<string[]> {
  const stale = (await readdir(dir).catch(() => [])).filter((n) => {
    const pid = Number(/^devjudge-run-(\d+)-/.exec(n)?.[1]);
    return pid > 0 && pid !== process.pid && !alive(pid);
  });
  await Promise.all(stale.map((n) => rm(join(dir, n), { recursive: true, force: true }).catch(() => undefined)));
  return stale;
}

/**
 * Runs a shell command in a throwaway copy of a workspace with a minimal environment, sandboxed
 * (see sandbox.ts), so it can neither change the workspace nor see anything of ours. The copy is
 * removed afterwards.
 */
export async function runInCopy(
  workspace: string,
  command: string,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<ProcessResult> {
  cleaned ??= cleanStaleCopies().then(() => undefined);
  await cleaned;
  const scratch = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const copy = join(scratch, "workspace");
  const home = join(scratch, "home");
  try {
    await cp(workspace, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith("/.git") });
    await mkdir(home);
    const sandbox = await sandboxed(command, { writable: [copy, home], cwd: copy });
    try {
      return await runProcess(sandbox.file, sandbox.args, {
        cwd: copy,
        env: minimalEnv(home),
        timeoutMs: opts.timeoutMs,
        signal: opts.signal,
      });
    } finally {
      sandbox.release();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

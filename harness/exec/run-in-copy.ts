import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minimalEnv, runProcess, type ProcessResult } from "./run-process.js";
import { sandboxed } from "./sandbox.js";

/**
 * Runs a shell command in a throwaway copy of a workspace with a minimal environment, sandboxed
 * (see sandbox.ts), so it can neither change the workspace nor see anything of ours. The copy is
 * removed afterwards.
 */
export async function runInCopy(workspace: string, command: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ProcessResult> {
  const scratch = await mkdtemp(join(tmpdir(), "devjudge-run-"));
  const copy = join(scratch, "workspace");
  const home = join(scratch, "home");
  try {
    await cp(workspace, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith("/.git") });
    await mkdir(home);
    const sandbox = await sandboxed(command, { writable: [copy, home], cwd: copy });
    try {
      return await runProcess(sandbox.file, sandbox.args, { cwd: copy, env: minimalEnv(home), timeoutMs: opts.timeoutMs, signal: opts.signal });
    } finally {
      sandbox.release();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

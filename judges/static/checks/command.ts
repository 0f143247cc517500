import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minimalEnv, runProcess } from "../../../harness/exec/run-process.js";
import type { CheckHandler } from "./types.js";

export interface CommandSpec {
  run: string;
  exit_code?: number;
  timeout?: number;
  stdout?: string;
}

const tail = (s: string, n = 2000) => (s.length > n ? `…${s.slice(-n)}` : s);

/** Runs in a throwaway copy, so a check can neither change the workspace nor see another check's leftovers. */
export const command: CheckHandler<CommandSpec> = async (spec, env) => {
  const scratch = await mkdtemp(join(tmpdir(), "devjudge-check-"));
  const copy = join(scratch, "workspace");
  const home = join(scratch, "home");
  try {
    await cp(env.workspace, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith("/.git") });
    await mkdir(home);
    const timeoutS = spec.timeout ?? 60;
    const r = await runProcess("sh", ["-c", spec.run], { cwd: copy, env: minimalEnv(home), timeoutMs: timeoutS * 1000, signal: env.signal });
    if (r.aborted) throw new Error("stopped before the command finished");
    const output = tail([r.stdout, r.stderr].filter(Boolean).join("\n"));
    const expected = spec.exit_code ?? 0;
    const evidence = [{ kind: "command" as const, command: spec.run, exitCode: r.exitCode, timedOut: r.timedOut, output }];
    if (r.spawnError) throw new Error(`could not start the command: ${r.spawnError}`);
    if (r.timedOut) return { pass: false, message: `\`${spec.run}\` timed out after ${timeoutS}s`, evidence };
    if (r.exitCode !== expected) {
      const how = r.exitCode === null ? `was killed by ${r.signal}` : `exited ${r.exitCode}`;
      return { pass: false, message: `\`${spec.run}\` ${how}, expected ${expected}`, evidence };
    }
    if (spec.stdout !== undefined && !new RegExp(spec.stdout).test(r.stdout)) {
      return { pass: false, message: `\`${spec.run}\` output does not match /${spec.stdout}/`, evidence };
    }
    return { pass: true, message: `\`${spec.run}\` exited ${expected}${spec.stdout ? ` and printed /${spec.stdout}/` : ""}`, evidence };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};

import { runInCopy } from "../../../harness/exec/run-in-copy.js";
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
  const timeoutS = spec.timeout ?? 60;
  const r = await runInCopy(env.workspace, spec.run, { timeoutMs: timeoutS * 1000, signal: env.signal });
  if (r.aborted) throw new Error("stopped before the command finished");
  if (r.spawnError) throw new Error(`could not start the command: ${r.spawnError}`);
  const output = tail([r.stdout, r.stderr].filter(Boolean).join("\n"));
  const expected = spec.exit_code ?? 0;
  const evidence = [{ kind: "command" as const, command: spec.run, exitCode: r.exitCode, timedOut: r.timedOut, output }];
  if (r.timedOut) return { pass: false, message: `\`${spec.run}\` timed out after ${timeoutS}s`, evidence };
  if (r.exitCode !== expected) {
    const how = r.exitCode === null ? `was killed by ${r.signal}` : `exited ${r.exitCode}`;
    return { pass: false, message: `\`${spec.run}\` ${how}, expected ${expected}`, evidence };
  }
  if (spec.stdout !== undefined && !new RegExp(spec.stdout).test(r.stdout)) {
    return { pass: false, message: `\`${spec.run}\` output does not match /${spec.stdout}/`, evidence };
  }
  return { pass: true, message: `\`${spec.run}\` exited ${expected}${spec.stdout ? ` and printed /${spec.stdout}/` : ""}`, evidence };
};

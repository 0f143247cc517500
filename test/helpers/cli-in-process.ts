import { runCli } from "../../harness/cli/run-cli.js";
import { allowUnsandboxed } from "../../harness/exec/sandbox.js";
import { repoRoot } from "./paths.js";

let busy = false;

/** Variables devjudge reads once, when its modules load: a call in this process cannot change them. */
const READ_AT_LOAD = [
  "DEVJUDGE_BWRAP",
  "DEVJUDGE_SANDBOX_UID",
  "DEVJUDGE_SANDBOX_PROCESSES",
  "DEVJUDGE_SANDBOX_TMP_MB",
  "DEVJUDGE_MAX_TRACE_MB",
  "DEVJUDGE_HISTORY_BUSY_MS",
  "DEVJUDGE_RESOURCE_USAGE",
];

/**
 * `devjudge <args>` run by the CLI's own `runCli()` inside the test process: the same argument
 * parsing, command code, displays and exit codes as `devjudge()` (helpers/cli.ts), without starting
 * Node and loading the CLI again for every call (about a second of CPU each). stdout and stderr are
 * what the commands print; cwd and env are set for the call and put back after it.
 *
 * Use `devjudge()` where the process is the point: signals, crashes, concurrent runs, the process's
 * own exit, or state a second run in one process would share (the sandbox's allowance, for one).
 */
export async function devjudgeInProcess(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  if (busy) throw new Error("devjudgeInProcess: one call at a time (it captures the process's output)");
  const atLoad = Object.keys(opts.env ?? {}).filter((k) => READ_AT_LOAD.includes(k));
  if (atLoad.length) throw new Error(`devjudgeInProcess: ${atLoad.join(", ")} is read at start-up: use devjudge()`);
  busy = true;
  let stdout = "";
  let stderr = "";
  const saved = {
    cwd: process.cwd(),
    exitCode: process.exitCode,
    env: Object.fromEntries(Object.keys({ ...opts.env, CI: "" }).map((k) => [k, process.env[k]])),
    out: process.stdout.write,
    err: process.stderr.write,
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error },
  };
  const shown = (p: unknown) => (typeof p === "string" ? p : p instanceof Error ? (p.stack ?? p.message) : String(p));
  const text = (parts: unknown[]) => `${parts.map(shown).join(" ")}\n`;
  try {
    process.chdir(opts.cwd ?? repoRoot);
    Object.assign(process.env, opts.env, { CI: "true" });
    process.exitCode = undefined;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    console.log = console.info = (...parts: unknown[]) => void (stdout += text(parts));
    console.warn = console.error = (...parts: unknown[]) => void (stderr += text(parts));
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    Object.assign(console, saved.console);
    for (const [k, v] of Object.entries(saved.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    // --unsafe-no-sandbox lasts for the process; a new CLI process starts without it
    allowUnsandboxed(process.env.DEVJUDGE_UNSAFE_NO_SANDBOX === "1");
    busy = false;
  }
}

import { runInCopy } from "../exec/run-in-copy.js";
import { defineCheck, type CheckEnv, type CheckResult } from "./define.js";

/** `stdout` is a regular expression, or `{ pattern, flags }` (flags as for `contains`: i, m, s, u). */
export type StdoutPattern = string | { pattern: string; flags?: string };

export interface CommandSpec {
  run: string;
  exit_code?: number;
  timeout?: number;
  stdout?: StdoutPattern;
}

const schema = {
  description: "A command run in a copy of the workspace exits with the expected code (and prints what is expected).",
  type: "object",
  required: ["run"],
  additionalProperties: false,
  properties: {
    run: { type: "string", minLength: 1 },
    exit_code: { type: "integer" },
    timeout: { type: "number", exclusiveMinimum: 0, description: "Seconds; default 60." },
    stdout: {
      description:
        "A regular expression the standard output (one trailing newline trimmed) must match, or { pattern, flags }.",
      type: ["string", "object"],
      format: "regex",
      required: ["pattern"],
      additionalProperties: false,
      properties: {
        pattern: { type: "string", format: "regex" },
        flags: { type: "string", pattern: "^[imsu]*$" },
      },
    },
  },
};

/** The workspace's own code runs: in the sandbox, and its `run` is a shell command, not a path. */
export const command = defineCheck({ kind: "command", schema, runsUntrusted: true, namesPath: false, run });

const tail = (s: string, n = 2000) => (s.length > n ? `…${s.slice(-n)}` : s);

/** Output quoted for a one-line reason: JSON-escaped so newlines show, cut to `n` characters. */
function quoted(s: string, keep: "head" | "tail", n = 200): string {
  if (!s) return "nothing";
  const cut = s.length <= n ? s : keep === "head" ? `${s.slice(0, n)}…` : `…${s.slice(-n)}`;
  return JSON.stringify(cut);
}

/** A script as a reason names it: its first line, cut short (the evidence keeps all of it). */
function named(run: string, n = 120): string {
  const first = run.trim().split("\n")[0]!;
  return first.length > n ? `${first.slice(0, n)} …` : first === run.trim() ? first : `${first} …`;
}

function stdoutRegex(p: StdoutPattern): RegExp {
  return typeof p === "string" ? new RegExp(p) : new RegExp(p.pattern, (p.flags ?? "").replace(/g/g, ""));
}

/** Runs in a throwaway copy, so a check can neither change the workspace nor see another check's leftovers. */
async function run(spec: CommandSpec, env: CheckEnv): Promise<CheckResult> {
  const timeoutS = spec.timeout ?? 60;
  const r = await runInCopy(env.workspace, spec.run, { timeoutMs: timeoutS * 1000, signal: env.signal });
  if (r.aborted) throw new Error("stopped before the command finished");
  if (r.spawnError) throw new Error(`could not start the command: ${r.spawnError}`);
  const combined = [r.stdout, r.stderr].filter(Boolean).join("\n");
  const output = tail(combined);
  const expected = spec.exit_code ?? 0;
  const evidence = [
    { kind: "command" as const, command: spec.run, exitCode: r.exitCode, timedOut: r.timedOut, output },
  ];
  const cmd = `\`${named(spec.run)}\``;
  if (r.timedOut)
    return {
      pass: false,
      message: `${cmd} timed out after ${timeoutS}s; output: ${quoted(combined, "tail")}`,
      evidence,
    };
  if (r.exitCode !== expected) {
    const how = r.exitCode === null ? `was killed by ${r.signal}` : `exited ${r.exitCode}`;
    return {
      pass: false,
      message: `${cmd} ${how}, expected ${expected}; output: ${quoted(combined, "tail")}`,
      evidence,
    };
  }
  if (spec.stdout === undefined) return { pass: true, message: `${cmd} exited ${expected}`, evidence };
  const re = stdoutRegex(spec.stdout);
  // `print("42")` writes "42\n": a pattern like ^42$ should match it
  if (!re.test(r.stdout.replace(/\r?\n$/, ""))) {
    return { pass: false, message: `${cmd} printed ${quoted(r.stdout, "head")}, which does not match ${re}`, evidence };
  }
  return { pass: true, message: `${cmd} exited ${expected} and printed ${re}`, evidence };
}

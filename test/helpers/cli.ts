import { execa } from "execa";
import { cliPath, repoRoot } from "./paths.js";

/** Runs the built CLI as a user would; never throws on a non-zero exit. */
export async function devjudge(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = await execa("node", [cliPath, ...args], {
    cwd: opts.cwd ?? repoRoot,
    reject: false,
    env: { ...opts.env, CI: "true" },
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

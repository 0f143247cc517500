import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { repoRoot } from "../../helpers/paths.js";
import { writeConfig, writeSuite } from "../../helpers/project.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";

const SYSTEM_FLAGS = "/opt/devjudge-test/history-flags";

/**
 * A small project for history tests: one task whose requirements form a chain (#0 ← #1 ← #2), a
 * requirement (#3) decided by a command that reads a flag file outside the workspace (an unstable
 * check: the judge's noise as far as the history can tell), and a folder candidate whose
 * workspace the test edits between runs.
 */
export async function historyProject(dir: string, criteria = "A file a.txt exists.") {
  // outside /tmp, which the sandbox replaces with its own: /opt (a system folder every sandbox
  // shows) where setup-test-env.sh made the folder; else the repository's test-artifacts, which a
  // clone outside /tmp shows once the run puts it on PATH
  const flagDir = existsSync(SYSTEM_FLAGS) ? SYSTEM_FLAGS : join(repoRoot, "test-artifacts", "history-flags");
  await mkdir(flagDir, { recursive: true });
  const flag = join(flagDir, basename(dir));
  const suite = await writeSuite(dir, {
    chain: `requirements:
  - id: 0
    criteria: ${criteria}
    category: Other
    checks: [{ exists: a.txt }]
  - id: 1
    criteria: a.txt says hello.
    category: Other
    prerequisites: [0]
    checks: [{ contains: { path: a.txt, pattern: hello } }]
  - id: 2
    criteria: a.txt starts with its greeting.
    category: Other
    prerequisites: [1]
    checks: [{ contains: { path: a.txt, pattern: "^h" } }]
  - id: 3
    criteria: The build is green.
    category: Other
    checks: [{ command: { run: "test -f ${flag}" } }]
`,
  });
  const ws = join(dir, "ws", "chain");
  await mkdir(ws, { recursive: true });
  const config = await writeConfig(
    dir,
    `suites: [${suite}]\njudge: { name: static }\ncandidates:\n  - { name: solo, kind: dir, path: "ws/{task}" }\n`,
  );
  const runArgs = (out: string, extra: string[]) => [
    "run",
    "--config",
    config,
    "--output",
    join(dir, out),
    "--unsafe-no-sandbox",
    ...extra,
  ];
  const runEnv = (out: string, env: Record<string, string>) => ({
    PATH: `${flagDir}:${process.env.PATH}`,
    GITHUB_REF_NAME: "main",
    GITHUB_SHA: `sha-${out}`,
    ...env,
  });
  return {
    config,
    db: join(dir, "history.db"),
    async workspace(files: Record<string, string>) {
      await rm(ws, { recursive: true, force: true });
      await mkdir(ws, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(join(ws, name), text);
    },
    async green(on: boolean) {
      if (on) await writeFile(flag, "");
      else await rm(flag, { force: true });
    },
    /** `devjudge run` of the project, in this process (see devjudgeInProcess). */
    run(out: string, extra: string[] = [], env: Record<string, string> = {}) {
      return devjudgeInProcess(runArgs(out, extra), { cwd: dir, env: runEnv(out, env) });
    },
    /** The same as a process of its own: for runs at once, or an environment read when the CLI starts. */
    spawn(out: string, extra: string[] = [], env: Record<string, string> = {}) {
      return devjudge(runArgs(out, extra), { cwd: dir, env: runEnv(out, env) });
    },
  };
}

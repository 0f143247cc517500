import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { sandboxAvailable } from "../../harness/exec/sandbox.js";
import { repoRoot, tempDir } from "../helpers/paths.js";

// The red-team pass of issue 18, as a test: attack.sh tries every escape through a command check,
// the agent judge's run tool and a command candidate, run by devjudge as root and as an
// unprivileged user (created by scripts/setup-test-env.sh); the host is checked from outside.

const TEST_USER = "devjudge-test";
const LIMITS = { processes: 64, tmpMb: 64, shmMb: 64 };
const isRoot = process.getuid?.() === 0;
const userId = (() => {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", TEST_USER]).toString()),
      gid: Number(execFileSync("id", ["-g", TEST_USER]).toString()),
    };
  } catch {
    return undefined;
  }
})();
if (!isRoot) console.warn("sandbox escape tests: not root, so only the unprivileged case runs (as this user)");
if (isRoot && !userId)
  console.warn(
    `sandbox escape tests: no user ${TEST_USER} (scripts/setup-test-env.sh creates it); the unprivileged case is ` +
      `skipped`,
  );

async function prepare(tag: string, port: number, owner?: { uid: number; gid: number }) {
  const project = await tempDir("devjudge-escape-");
  const files: Record<string, string> = {
    "candidates/bob/t1/secret.txt": "DEVJUDGE-SECRET another candidate's workspace\n",
    "labels/ace.json": '{"t1": {"0": "DEVJUDGE-SECRET label"}}\n',
    "labels/bob.json": '{"t1": {"0": "DEVJUDGE-SECRET label"}}\n',
    "reports/run1/journal.jsonl": '{"type":"sentinel"}\n',
    "reports/run1/agents/other/t1/workspace/secret.txt": "DEVJUDGE-SECRET another agent's output\n",
    "reports/older-run/report.json": '{"DEVJUDGE-SECRET": 1}\n',
    ".devjudge/cache/entry.json": '{"DEVJUDGE-SECRET": 1}\n',
  };
  const secrets = Object.keys(files).map((f) => join(project, f));
  const rootFile = `/root/devjudge-escape-${tag}`;
  if (isRoot) {
    await writeFile(rootFile, "DEVJUDGE-SECRET in /root\n", { mode: 0o600 });
    secrets.push(rootFile);
  }
  const preamble =
    `TAG=${tag}; PORT=${port}; RUN_DIR=${join(project, "reports/run1")}; ` + `SECRETS="${secrets.join(" ")}"\n`;
  // in the judged workspace (for checks and the run tool) and in the project folder (for the agent's `{config_dir}`)
  files["candidates/ace/t1/attack.sh"] = files["attack.sh"] =
    preamble + (await readFile(join(repoRoot, "test/reliability/escape/attack.sh"), "utf8"));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(project, rel)), { recursive: true });
    await writeFile(join(project, rel), text);
  }
  if (owner) execFileSync("chown", ["-R", `${owner.uid}:${owner.gid}`, project]);
  // as root, the sandbox's own uid must be able to read the agent's project folder (README says so)
  await chmod(project, 0o755);
  return { project, rootFile };
}

function filesContaining(text: string, dir: string): string {
  try {
    return execFileSync("grep", ["-rlF", "--", text, dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch (e) {
    if ((e as { status?: number }).status === 1) return ""; // grep: no match
    throw e;
  }
}

async function attackAs(user: string | undefined) {
  const tag = randomBytes(6).toString("hex");
  const key = `sk-escape-test-${randomBytes(16).toString("hex")}`;
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.end();
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as { port: number }).port;
  const { project, rootFile } = await prepare(tag, port, user ? userId : undefined);
  try {
    // smaller limits than the defaults, the same mechanism: the fork bomb and the 5 GiB write stop
    // sooner and load the machine (and the tests running beside this one) less
    const env = {
      PATH: process.env.PATH!,
      HOME: user ? "/tmp" : process.env.HOME!,
      OPENAI_API_KEY: key,
      LANG: "C.UTF-8",
      DEVJUDGE_SANDBOX_PROCESSES: String(LIMITS.processes),
      DEVJUDGE_SANDBOX_TMP_MB: String(LIMITS.tmpMb),
    };
    const node = ["node", "--import", "tsx", join(repoRoot, "test/reliability/escape/run-attacks.ts"), project];
    const r = user
      ? await execa(
          "runuser",
          ["-u", user, "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...node],
          { cwd: repoRoot, reject: false, extendEnv: false },
        )
      : await execa(node[0]!, node.slice(1), { cwd: repoRoot, reject: false, env, extendEnv: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const outputs = JSON.parse(r.stdout) as Record<string, string>;
    const host = {
      connections,
      escapedFiles: [`/usr/devjudge-escape-${tag}`, `/devjudge-escape-${tag}`, `/etc/devjudge-escape-${tag}`].filter(
        (f) => existsSync(f),
      ),
      journal: await readFile(join(project, "reports/run1/journal.jsonl"), "utf8"),
      // every file devjudge wrote in the project (the agent's log and trace among them)
      keyInProject: filesContaining(key, project),
    };
    return { outputs, host, key, stderr: r.stderr };
  } finally {
    server.close();
    await rm(project, { recursive: true, force: true });
    await rm(rootFile, { force: true });
  }
}

function expectAllBlocked(result: Awaited<ReturnType<typeof attackAs>>) {
  const { outputs, host, key } = result;
  expect(Object.keys(outputs)).toEqual(["check", "runTool", "candidate"]);
  for (const [channel, text] of Object.entries(outputs)) {
    const where = `${channel}:\n${text.slice(-3000)}`;
    expect(text, where).not.toContain(key);
    expect(text, where).not.toContain("DEVJUDGE-SECRET");
    // (a command candidate's lines come timestamped from its process log: "<time> stdout <line>")
    expect(text, where).toMatch(/(^|stdout )CapEff:\s+0{16}$/m);
    expect(text, where).not.toMatch(/== uid 0$/m);
    expect(text, where).toContain("leaked env: 0");
    expect(text, where).toContain("leaked secrets: 0");
    expect(text, where).toContain("leaked shadow: 0");
    expect(text, where).not.toMatch(/(^|stdout )connected/m);
    expect(text, where).toMatch(/(^|stdout )refused: /m);
    const started = Number(/processes started: (\d+)/.exec(text)?.[1]);
    expect(started, where).toBeGreaterThan(0);
    expect(started, where).toBeLessThanOrEqual(LIMITS.processes);
    const written = [...text.matchAll(/(?:^|stdout )(\d+) bytes .* copied/gm)].map((m) => Number(m[1]));
    expect(written.length, where).toBeGreaterThanOrEqual(2);
    for (const n of written) expect(n, where).toBeLessThanOrEqual(Math.max(LIMITS.tmpMb, LIMITS.shmMb) * 2 ** 20);
  }
  expect(host.connections).toBe(0);
  expect(host.escapedFiles).toEqual([]);
  expect(host.journal).toBe('{"type":"sentinel"}\n');
  expect(host.keyInProject).toBe("");
}

describe.skipIf(!sandboxAvailable())("escapes from the sandbox (issue 18's red-team list)", () => {
  it.skipIf(!isRoot)("all fail when devjudge runs as root: checks, the run tool and command candidates", async () => {
    expectAllBlocked(await attackAs(undefined));
  });

  it.skipIf(isRoot && !userId)(`all fail when devjudge runs as an unprivileged user (${TEST_USER})`, async () => {
    expectAllBlocked(await attackAs(isRoot ? TEST_USER : undefined));
  });
});

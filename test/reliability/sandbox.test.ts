import { createServer } from "node:http";
import { readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInCopy } from "../../harness/exec/run-in-copy.js";
import { sandboxAvailable } from "../../harness/exec/sandbox.js";
import { devjudge } from "../helpers/cli.js";
import { repoRoot, tempDir } from "../helpers/paths.js";
import { makeWorkspace } from "../helpers/workspace.js";

const run = (ws: string, cmd: string) => runInCopy(ws, cmd, { timeoutMs: 20_000 });

describe.skipIf(!sandboxAvailable())("the sandbox (bubblewrap) around untrusted commands", () => {
  it("blocks the network, even to a server on this machine", async () => {
    const server = createServer((_, res) => res.end("reached")).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as { port: number }).port;
    try {
      const ws = await makeWorkspace({
        "probe.js":
          `fetch("http://127.0.0.1:${port}/").then(r => r.text()).then(t => console.log(t), e => ` +
          `console.log("blocked:", e.cause?.code ?? e.message))`,
      });
      const outside = await runInCopy(ws, "node probe.js", { timeoutMs: 20_000 }).catch((e) => e);
      expect(outside.stdout).toMatch(/^blocked: (ECONNREFUSED|ENETUNREACH)/);
      // (the same probe run by this test process reaches the server: the sandbox made the difference)
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("reached");
    } finally {
      server.close();
    }
  });

  it("lets a command write only its copy of the workspace; the system is read-only and /tmp is private", async () => {
    const marker = join(tmpdir(), `devjudge-sandbox-marker-${process.pid}`);
    await writeFile(marker, "host tmp");
    const ws = await makeWorkspace({ "a.txt": "a" });
    const r = await run(
      ws,
      `echo ok > b.txt && cat b.txt; touch ${repoRoot}/escaped 2>&1 || echo "repo: refused"; touch /etc/escaped 2>&1 ` +
        `|| echo "etc: refused"; test -e ${marker} && echo "tmp: shared" || echo "tmp: private"; touch /tmp/x && ` +
        `echo ` +
        `"tmp: writable"`,
    );
    expect(r.stdout).toContain("ok\n");
    expect(r.stdout).toContain("repo: refused");
    expect(r.stdout).toContain("etc: refused");
    expect(r.stdout).toContain("tmp: private");
    expect(r.stdout).toContain("tmp: writable");
    expect(await readdir(repoRoot)).not.toContain("escaped");
    expect(await readdir(ws)).toEqual(["a.txt"]); // the real workspace is untouched
  });

  it("limits memory, and the whole process tree goes at the time limit", async () => {
    const ws = await makeWorkspace({});
    const mem = await run(ws, `python3 -c "bytearray(6 * 1024**3)" 2>&1 | tail -1`);
    expect(mem.stdout).toContain("MemoryError");
    const started = Date.now();
    const slow = await runInCopy(ws, "sleep 301.9 & sleep 301.9", { timeoutMs: 500 });
    expect(slow.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    const { execSync } = await import("node:child_process");
    expect(execSync("ps -eo args").toString()).not.toContain("sleep 301.9");
  });
});

describe("without bubblewrap", () => {
  it("devjudge refuses to run untrusted commands unless --unsafe-no-sandbox, and says why", async () => {
    const dir = await tempDir();
    const env = { DEVJUDGE_BWRAP: "/nonexistent/bwrap" };
    const refused = await devjudge(
      ["run", "--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace", "--output", join(dir, "a")],
      { env },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("bubblewrap (bwrap) is not available, so untrusted commands");
    expect(refused.stderr).toContain("--unsafe-no-sandbox");
    const unsafe = await devjudge(
      [
        "run",
        "--suite",
        "tasks/demo/py-wordfreq-cli.yaml",
        "--candidate",
        "ace",
        "--unsafe-no-sandbox",
        "--output",
        join(dir, "b"),
      ],
      { env },
    );
    expect(unsafe.code).toBe(0);
    // a suite without command checks, and dir candidates, runs nothing untrusted: no refusal
    const safe = await makeWorkspace({
      "t.yaml":
        "id: t\nquery: q\nrequirements: [{ id: 0, criteria: c, category: x, checks: [{ exists: README.md }] }]\n",
    });
    // (ace has no workspace for task t: a failed unit, accepted with --allow-errors; what matters is that nothing is
    // refused)
    const fine = await devjudge(
      ["run", "--suite", join(safe, "t.yaml"), "--candidate", "ace", "--allow-errors", "--output", join(dir, "c")],
      { env },
    );
    expect(fine.code).toBe(0);
  });
});

describe.skipIf(process.getuid?.() !== 0)("a sandbox that would keep capabilities", () => {
  it("is refused, saying why: a bubblewrap that runs the command as it is, as root", async () => {
    const dir = await tempDir();
    // runs the command it is given, ignoring every sandbox option
    const fake = join(dir, "bwrap");
    await writeFile(
      fake,
      '#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = sh ] && [ "$2" = -c ]; then exec sh -c "$3"; fi; shift; done\n',
      { mode: 0o755 },
    );
    const r = await devjudge(
      ["run", "--suite", "tasks/demo/py-wordfreq-cli.yaml", "--candidate", "ace", "--output", join(dir, "out")],
      { env: { DEVJUDGE_BWRAP: fake } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`^error: the sandbox test command kept capabilities \(CapEff:\s+0*[1-9a-f][0-9a-f]*; .*\),` +
          String.raw` so untrusted commands .* cannot be sandboxed: .*--unsafe-no-sandbox$`,
        "m",
      ),
    );
  });
});

describe("workspace copies left by killed runs", () => {
  it("are removed by the next run; a live process's copies are kept", async () => {
    const { cleanStaleCopies } = await import("../../harness/exec/run-in-copy.js");
    const { mkdir } = await import("node:fs/promises");
    const { spawn } = await import("node:child_process");
    const tmp = await tempDir();
    // a process that has exited: its id names a copy nobody uses any more
    const gone = spawn("true");
    await new Promise((r) => gone.once("exit", r));
    await mkdir(join(tmp, `devjudge-run-${gone.pid}-abc123`, "workspace"), { recursive: true });
    await mkdir(join(tmp, `devjudge-run-${process.pid}-def456`));
    await mkdir(join(tmp, "devjudge-run-unrelated"));
    expect(await cleanStaleCopies(tmp)).toEqual([`devjudge-run-${gone.pid}-abc123`]);
    expect((await readdir(tmp)).sort()).toEqual([`devjudge-run-${process.pid}-def456`, "devjudge-run-unrelated"]);
  });
});

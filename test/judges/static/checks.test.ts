import { readdir, symlink } from "node:fs/promises";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../../judges/static/checks/index.js";
import type { Check } from "../../../harness/tasks/types.js";
import { makeWorkspace } from "../../helpers/workspace.js";

let ws: string;
const signal = new AbortController().signal;
const check = (c: Check) => runCheck(c, { workspace: ws, signal });

beforeAll(async () => {
  ws = await makeWorkspace({
    "src/app.py":
      "import argparse\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--top', type=int)\n",
    "src/util.py": "def helper():\n    return 1\n",
    "results/plot.png": Buffer.alloc(2048, 1),
    "results/empty.csv": "",
    "results/metrics.json": JSON.stringify({ accuracy: 0.91, classes: ["a", "b"], "odd/key": { n: 3 }, nothing: null }),
    "config.yaml": "model:\n  layers: 4\n",
    "broken.json": "{ not json",
    "scripts/ok.sh": "echo hello world\n",
    "file with (parens).txt": "x",
  });
});

describe("exists", () => {
  it("passes for a file, a folder and a glob; fails for a missing path", async () => {
    expect((await check({ exists: "src/app.py" })).pass).toBe(true);
    expect((await check({ exists: "results" })).pass).toBe(true);
    expect((await check({ exists: "file with (parens).txt" })).pass).toBe(true);
    const glob = await check({ exists: "src/*.py" });
    expect(glob.pass).toBe(true);
    expect(glob.evidence).toEqual([
      { kind: "file", path: "src/app.py" },
      { kind: "file", path: "src/util.py" },
    ]);
    const missing = await check({ exists: "src/model.py" });
    expect(missing).toMatchObject({ pass: false, message: "src/model.py does not exist" });
    expect((await check({ exists: "**/*.ipynb" })).pass).toBe(false);
  });

  it("min_bytes and min_count", async () => {
    expect((await check({ exists: { path: "results/*.png", min_bytes: 1000 } })).pass).toBe(true);
    const empty = await check({ exists: { path: "results/empty.csv", min_bytes: 1 } });
    expect(empty.pass).toBe(false);
    expect(empty.message).toContain("1 match(es) but 0");
    expect((await check({ exists: { path: "src/*.py", min_count: 2 } })).pass).toBe(true);
    expect((await check({ exists: { path: "src/*.py", min_count: 3 } })).message).toBe("src/*.py: 2 match(es), need 3");
  });

  it("refuses paths that leave the workspace", async () => {
    await expect(check({ exists: "../etc" })).rejects.toThrow(/outside the workspace/);
    await expect(check({ exists: "/etc/passwd" })).rejects.toThrow(/outside the workspace/);
  });

  it("does not follow a symlink out of the workspace", async () => {
    const w = await makeWorkspace({ "a.txt": "a" });
    await symlink("/etc/passwd", join(w, "passwd"));
    await expect(runCheck({ exists: "passwd" }, { workspace: w, signal })).rejects.toThrow(/outside the workspace/);
    expect((await runCheck({ exists: "*" }, { workspace: w, signal })).evidence).toEqual([
      { kind: "file", path: "a.txt" },
    ]);
  });
});

describe("absent", () => {
  it("passes when nothing matches, fails naming what does", async () => {
    expect((await check({ absent: "**/__pycache__" })).pass).toBe(true);
    const r = await check({ absent: "src/*.py" });
    expect(r.pass).toBe(false);
    expect(r.message).toBe("src/*.py should be absent but 2 match(es): src/app.py, src/util.py");
  });
});

describe("contains", () => {
  it("finds a regex and gives the line", async () => {
    const r = await check({ contains: { path: "src/app.py", pattern: "add_argument\\('--top'" } });
    expect(r.pass).toBe(true);
    expect(r.evidence[0]).toMatchObject({ kind: "file", path: "src/app.py", startLine: 5, endLine: 5 });
  });

  it("searches every file of a glob, honours flags, and fails when nothing matches", async () => {
    expect(
      (await check({ contains: { path: "src/*.py", pattern: "def HELPER", flags: "i" } })).evidence[0],
    ).toMatchObject({ path: "src/util.py", startLine: 1 });
    expect((await check({ contains: { path: "src/*.py", pattern: "def HELPER" } })).pass).toBe(false);
    const multi = await check({
      contains: { path: "src/app.py", pattern: "^def main\\(\\):\\n\\s+parser", flags: "m" },
    });
    expect(multi.evidence[0]).toMatchObject({ startLine: 3, endLine: 4 });
    expect(await check({ contains: { path: "src/missing.py", pattern: "x" } })).toMatchObject({
      pass: false,
      message: "src/missing.py does not exist",
    });
  });
});

describe("json", () => {
  it("equals, min, max and present on JSON and YAML", async () => {
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", min: 0.9 } })).pass).toBe(true);
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", min: 0.95 } })).message).toBe(
      "results/metrics.json#/accuracy is 0.91, expected >= 0.95",
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", max: 0.5 } })).pass).toBe(false);
    expect(
      (await check({ json: { path: "results/metrics.json", pointer: "/classes", equals: ["a", "b"] } })).pass,
    ).toBe(true);
    expect((await check({ json: { path: "results/metrics.json", pointer: "/classes/1", equals: "c" } })).pass).toBe(
      false,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/odd~1key/n", equals: 3 } })).pass).toBe(
      true,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/nothing", present: true } })).pass).toBe(
      true,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/loss", present: false } })).pass).toBe(true);
    expect(await check({ json: { path: "results/metrics.json", pointer: "/loss", min: 0 } })).toMatchObject({
      pass: false,
      message: "results/metrics.json#/loss is missing",
    });
    expect((await check({ json: { path: "config.yaml", pointer: "/model/layers", equals: 4 } })).pass).toBe(true);
  });

  it("a non-number against min, bad JSON, and a missing file fail with the cause", async () => {
    expect((await check({ json: { path: "results/metrics.json", pointer: "/classes", min: 1 } })).message).toContain(
      "expected a number",
    );
    expect((await check({ json: { path: "broken.json", pointer: "/a", present: true } })).message).toMatch(
      /^broken\.json is not valid JSON/,
    );
    expect((await check({ json: { path: "nope.json", pointer: "/a", present: true } })).message).toBe(
      "nope.json does not exist",
    );
  });
});

describe("command", () => {
  it("passes on the expected exit code and stdout", async () => {
    const r = await check({ command: { run: "sh scripts/ok.sh", stdout: "hello \\w+" } });
    expect(r.pass).toBe(true);
    expect(r.evidence[0]).toMatchObject({ kind: "command", exitCode: 0, timedOut: false, output: "hello world\n" });
    expect((await check({ command: { run: "exit 3", exit_code: 3 } })).pass).toBe(true);
  });

  it("fails on another exit code, unmatched output, or a timeout that kills the process tree", async () => {
    expect((await check({ command: { run: "echo boom >&2; exit 1" } })).message).toBe(
      '`echo boom >&2; exit 1` exited 1, expected 0; output: "boom\\n"',
    );
    expect((await check({ command: { run: "echo bye", stdout: "hello" } })).message).toBe(
      '`echo bye` printed "bye\\n", which does not match /hello/',
    );
    const started = Date.now();
    const r = await check({ command: { run: "sleep 31.4159 & sleep 31.4159; echo never", timeout: 0.5 } });
    expect(r).toMatchObject({
      pass: false,
      message: "`sleep 31.4159 & sleep 31.4159; echo never` timed out after 0.5s; output: nothing",
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    // the backgrounded grandchild went with the group
    expect(execSync("ps -eo args").toString()).not.toContain("sleep 31.4159");
  });

  it("matches stdout with one trailing newline trimmed, and takes flags", async () => {
    expect((await check({ command: { run: "echo 42", stdout: "^42$" } })).pass).toBe(true);
    expect((await check({ command: { run: "printf '42\\n\\n'", stdout: "^42$" } })).pass).toBe(false);
    expect(
      (await check({ command: { run: "echo Hello World", stdout: { pattern: "^hello world$", flags: "i" } } })).pass,
    ).toBe(true);
    expect((await check({ command: { run: "echo Hello World", stdout: { pattern: "^hello world$" } } })).message).toBe(
      '`echo Hello World` printed "Hello World\\n", which does not match /^hello world$/',
    );
    expect(
      (await check({ command: { run: "printf 'a\\nb\\n'", stdout: { pattern: "^b$", flags: "m" } } })).message,
    ).toBe("`printf 'a\\nb\\n'` exited 0 and printed /^b$/m");
  });

  it("a failure shows the command's actual output, truncated", async () => {
    const long = await check({ command: { run: "seq 1 1000", stdout: "^nope" } });
    expect(long.message).toMatch(/^`seq 1 1000` printed "1\\n2\\n3\\n.*…", which does not match \/\^nope\/$/);
    expect(long.message.length).toBeLessThan(400); // seq printed 3,893 characters
    const crash = await check({ command: { run: "seq 1 1000; echo 'Traceback: KeyError' >&2; exit 2" } });
    expect(crash.message).toMatch(/^`.*` exited 2, expected 0; output: "….*Traceback: KeyError\\n"$/);
    expect(crash.message.length).toBeLessThan(400);
  });

  it("a reason names a long or multi-line script by its first line", async () => {
    const r = await check({ command: { run: "cat <<'EOF'\nline one\nEOF\nexit 4" } });
    expect(r.message).toBe(`\`cat <<'EOF' …\` exited 4, expected 0; output: "line one\\n"`);
    expect(r.evidence[0]).toMatchObject({ command: "cat <<'EOF'\nline one\nEOF\nexit 4" });
    expect((await check({ command: { run: `true ${"x".repeat(200)}` } })).message).toBe(
      `\`true ${"x".repeat(115)} …\` exited 0`,
    );
  });

  it("runs in a copy: the workspace is left as it was, and our environment does not leak in", async () => {
    process.env.DEVJUDGE_TEST_SECRET = "s3cret-value";
    try {
      const r = await check({ command: { run: "touch created.txt && rm src/app.py && env" } });
      expect(r.pass).toBe(true);
      const output = (r.evidence[0] as { output: string }).output;
      expect(output).not.toContain("s3cret-value");
      expect(output).toMatch(/^PATH=/m);
    } finally {
      delete process.env.DEVJUDGE_TEST_SECRET;
    }
    expect((await readdir(ws)).sort()).not.toContain("created.txt");
    expect((await readdir(join(ws, "src"))).sort()).toEqual(["app.py", "util.py"]);
  });

  it("a command that does not exist fails with the shell's message", async () => {
    const r = await check({ command: { run: "definitely-not-a-command-xyz" } });
    expect(r.pass).toBe(false);
    expect((r.evidence[0] as { exitCode: number }).exitCode).toBe(127);
  });
});

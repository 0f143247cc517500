import { readdir } from "node:fs/promises";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checksIn, checkWorkspace } from "./fixture.js";

let ws: string;
const check = checksIn(() => ws);

beforeAll(async () => {
  ws = await checkWorkspace();
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

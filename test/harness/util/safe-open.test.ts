import { execFileSync } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandSource } from "../../../harness/candidates/command.js";
import { sandboxAvailable } from "../../../harness/exec/sandbox.js";
import { readCandidateText } from "../../../harness/util/safe-open.js";
import { readFileView } from "../../../judges/agent/tools/read.js";
import { tempDir } from "../../helpers/paths.js";

const MB = 2 ** 20;

describe("files devjudge reads on a candidate's behalf", () => {
  it("follows links only within the unit's folder", async () => {
    const dir = await tempDir();
    const unit = join(dir, "unit");
    await mkdir(unit);
    await writeFile(join(dir, "outside.txt"), "SECRET outside the unit\n");
    await writeFile(join(unit, "real.json"), "[]");
    await symlink(join(unit, "real.json"), join(unit, "inside-link.json"));
    await symlink(join(dir, "outside.txt"), join(unit, "out-link.json"));
    await symlink("/etc/passwd", join(unit, "etc-link.json"));
    expect(await readCandidateText(join(unit, "inside-link.json"), { within: unit, maxBytes: MB })).toBe("[]");
    for (const f of ["out-link.json", "etc-link.json"]) {
      const e = await readCandidateText(join(unit, f), { within: unit, maxBytes: MB, what: "trajectory" }).catch(
        (x: Error) => x,
      );
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(
        new RegExp(`^trajectory .*${f} is a link to a file outside .*unit; not read$`),
      );
      expect((e as Error).message).not.toMatch(/SECRET|root:/);
    }
  });

  it("refuses a FIFO, a socket and a device at once, without blocking; a folder is named; a size cap holds", async () => {
    const dir = await tempDir();
    execFileSync("mkfifo", [join(dir, "fifo")]);
    const server = createServer().listen(join(dir, "sock"));
    await new Promise((r) => server.once("listening", r));
    await writeFile(join(dir, "big"), Buffer.alloc(2 * MB));
    await mkdir(join(dir, "folder"));
    const err = (f: string, o = { maxBytes: MB, what: "trajectory" }) =>
      readCandidateText(f, o).then(
        () => "read",
        (e: Error) => e.message,
      );
    try {
      expect(await err(join(dir, "fifo"))).toMatch(/fifo is not a regular file \(a FIFO\); not read$/);
      expect(await err(join(dir, "sock"))).toMatch(/sock is not a regular file \(a socket\); not read$/);
      expect(await err("/dev/zero")).toBe("trajectory /dev/zero is not a regular file (a device); not read");
      expect(await err(join(dir, "big"))).toMatch(/big is 2\.0 MB, over the 1\.0 MB limit; not read$/);
      expect(await err(join(dir, "folder"))).toMatch(/^trajectory .*folder is a folder, not a file$/);
    } finally {
      server.close();
    }
  });

  it("the judge's read tool answers for a FIFO in the workspace instead of hanging", async () => {
    const ws = await tempDir();
    execFileSync("mkfifo", [join(ws, "pipe.txt")]);
    const v = await readFileView(ws, "pipe.txt");
    expect(v.text).toBe("pipe.txt is not a regular file (a FIFO, socket or device); not read");
  });
});

describe.skipIf(!sandboxAvailable())("a command agent's trajectory", () => {
  const runAgent = async (script: string) => {
    const dir = await tempDir();
    await writeFile(join(dir, "agent.sh"), script);
    const agent = new CommandSource({
      kind: "command",
      name: "a",
      run: "sh {config_dir}/agent.sh",
      configDir: dir,
      timeoutS: 60,
      env: [],
      network: false,
      neverPass: [],
    });
    const task = { id: "t1", query: "q", requirements: [], preferences: [] } as never;
    return agent.materialise(task, {
      workDir: join(dir, "work"),
      runDir: join(dir, "run"),
      signal: new AbortController().signal,
      emit: () => {},
    });
  };

  it("a link to /etc/shadow is not read: a warning names it, no byte of it anywhere, the process log is used", async () => {
    const shadow = await readFile("/etc/shadow", "utf8").catch(() => "");
    const m = await runAgent('echo working; ln -sf /etc/shadow "$DEVJUDGE_TRAJECTORY_FILE"\n');
    expect(m.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^trajectory ignored: trajectory .*trajectory\.json ` +
            String.raw`is a link to a file outside .*run/agents/a/t1; not read$`,
        ),
      ),
    ]);
    expect(m.trace?.format).toBe("log");
    const all = JSON.stringify(m);
    if (shadow) expect(all).not.toContain(shadow.split("\n")[0]!);
    expect(all).not.toContain("root:");
  });

  it("a FIFO as the trajectory is refused at once", async () => {
    const m = await runAgent('mkfifo "$DEVJUDGE_TRAJECTORY_FILE"\n');
    expect(m.warnings).toEqual([expect.stringMatching(/trajectory\.json is not a regular file \(a FIFO\); not read$/)]);
    expect(m.trace?.format).toBe("log");
  });
});

import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../../harness/checks/index.js";
import { makeWorkspace } from "../../helpers/workspace.js";
import { checksIn, checkWorkspace } from "./fixture.js";

let ws: string;
const check = checksIn(() => ws);
const signal = new AbortController().signal;

beforeAll(async () => {
  ws = await checkWorkspace();
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

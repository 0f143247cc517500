import { beforeAll, describe, expect, it } from "vitest";
import { checksIn, checkWorkspace } from "./fixture.js";

let ws: string;
const check = checksIn(() => ws);

beforeAll(async () => {
  ws = await checkWorkspace();
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

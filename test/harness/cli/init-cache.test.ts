import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseCache, stableStringify } from "../../../harness/cache/response-cache.js";
import { devjudge } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/paths.js";

describe("devjudge init", () => {
  it("writes a commented starter that validates, and does not overwrite without --force", async () => {
    const dir = await tempDir();
    const r = await devjudge(["init"], { cwd: dir });
    expect(r.code).toBe(0);
    const text = await readFile(join(dir, "devjudge.yaml"), "utf8");
    expect(text).toMatch(/^# devjudge project file/);
    for (const flag of ["--suite", "--judge", "--mode", "--concurrency", "--no-cache", "--agent-timeout"]) expect(text).toContain(flag);
    expect((await devjudge(["validate", "devjudge.yaml"], { cwd: dir })).code).toBe(0);
    expect((await devjudge(["init"], { cwd: dir })).code).toBe(2);
    expect((await devjudge(["init", "--force"], { cwd: dir })).code).toBe(0);
  });
});

describe("response cache", () => {
  it("keys on the request's content, not its field order", async () => {
    const cache = new ResponseCache(await tempDir());
    await cache.set({ model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0 }, { content: "hello" });
    expect(await cache.get({ temperature: 0, messages: [{ content: "hi", role: "user" }], model: "m" })).toEqual({ content: "hello" });
    expect(await cache.get({ temperature: 0.5, messages: [{ content: "hi", role: "user" }], model: "m" })).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it("devjudge cache stats and clear", async () => {
    const dir = await tempDir();
    const cache = new ResponseCache(join(dir, "c"));
    for (let i = 0; i < 3; i++) await cache.set({ i }, { content: "x".repeat(100) });
    const stats = await devjudge(["cache", "stats", "--dir", join(dir, "c")]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/: 3 response\(s\), \d+ B/);
    const cleared = await devjudge(["cache", "clear", "--dir", join(dir, "c")]);
    expect(cleared.stdout).toContain("removed 3 response(s)");
    expect((await devjudge(["cache", "stats", "--dir", join(dir, "c")])).stdout).toContain(": 0 response(s)");
  });
});

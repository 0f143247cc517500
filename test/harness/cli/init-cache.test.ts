import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseCache, stableStringify } from "../../../harness/cache/response-cache.js";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";

describe("devjudge init", () => {
  it("writes a commented starter that validates, and does not overwrite without --force", async () => {
    const dir = await tempDir();
    const r = await devjudge(["init"], { cwd: dir });
    expect(r.code).toBe(0);
    const text = await readFile(join(dir, "devjudge.yaml"), "utf8");
    expect(text).toMatch(/^# devjudge project file/);
    for (const flag of ["--suite", "--judge", "--mode", "--concurrency", "--no-cache", "--agent-timeout"])
      expect(text).toContain(flag);
    // the starter is valid, and validate says what it still names that is not there
    const fresh = await devjudgeInProcess(["validate"], { cwd: dir });
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/^devjudge\.yaml:\d+:\d+ suites\[0\]: no such file or directory: tasks\/my-suite$/m);
    expect(fresh.stdout).toMatch(
      new RegExp(
        String.raw`^devjudge\.yaml:\d+:\d+ candidates\[0\]\.path: folder not found: workspaces/my-agent` +
          String.raw` \(where 'workspaces/my-agent/\{task\}' starts\)`,
        "m",
      ),
    );
    await mkdir(join(dir, "tasks/my-suite"), { recursive: true });
    await writeFile(
      join(dir, "tasks/my-suite/t.yaml"),
      "id: t\nquery: q\nrequirements: [{ id: 0, criteria: c, category: x }]\n",
    );
    await mkdir(join(dir, "workspaces/my-agent/t"), { recursive: true });
    expect((await devjudgeInProcess(["validate", "devjudge.yaml"], { cwd: dir })).code).toBe(0);
    expect((await devjudgeInProcess(["init"], { cwd: dir })).code).toBe(2);
    expect((await devjudgeInProcess(["init", "--force"], { cwd: dir })).code).toBe(0);
  });
});

describe("devjudge run --set", () => {
  it("overrides any option of the project file, checked against the schema", async () => {
    const dir = await tempDir();
    await devjudgeInProcess(["init"], { cwd: dir });
    const bad = await devjudgeInProcess(["run", "--set", "judge.name=oracle"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--set: judge.name: must be one of: static, llm, agent");
    const typo = await devjudgeInProcess(["run", "--set", "judge.nme=x"], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--set: judge.nme: unknown field 'nme' (expected one of: name,");
    const malformed = await devjudgeInProcess(["run", "--set", "judge"], { cwd: dir });
    expect(malformed.stderr).toContain("expected <option.path>=<value>");
    await mkdir(join(dir, "tasks/my-suite"), { recursive: true });
    await writeFile(
      join(dir, "tasks/my-suite/t.yaml"),
      "id: t\nquery: q\nrequirements: [{ id: 0, criteria: c, category: x }]\n",
    );
    const key = await devjudgeInProcess(
      ["run", "--set", "judge.name=agent", "--set", "judge.api_key_env=MY_JUDGE_KEY"],
      {
        cwd: dir,
        env: { MY_JUDGE_KEY: "" },
      },
    );
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("set MY_JUDGE_KEY");
  });
});

describe("response cache", () => {
  it("keys on the request's content, not its field order", async () => {
    const cache = new ResponseCache(await tempDir());
    await cache.set({ model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0 }, { content: "hello" });
    expect(await cache.get({ temperature: 0, messages: [{ content: "hi", role: "user" }], model: "m" })).toEqual({
      content: "hello",
    });
    expect(
      await cache.get({ temperature: 0.5, messages: [{ content: "hi", role: "user" }], model: "m" }),
    ).toBeUndefined();
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
    const cleared = await devjudgeInProcess(["cache", "clear", "--dir", join(dir, "c")]);
    expect(cleared.stdout).toContain("removed 3 response(s)");
    expect((await devjudgeInProcess(["cache", "stats", "--dir", join(dir, "c")])).stdout).toContain(": 0 response(s)");
  });
});

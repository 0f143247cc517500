import { execSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../harness/events/types.js";
import { devjudge } from "../helpers/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { lastUserText } from "../helpers/fake-openai/match.js";
import { cliPath, tempDir } from "../helpers/paths.js";
import { readJournalEvents, readReportFile, verdictMap, writeConfig, writeSuite } from "../helpers/project.js";
import { makeWorkspace } from "../helpers/workspace.js";

/** Waits until `pred` holds; fails if the run's process ended first. No time limit: load only slows it. */
const waitUntil = async (pred: () => Promise<boolean>, child: { exitCode: number | null }) => {
  while (!(await pred())) {
    if (child.exitCode !== null) throw new Error(`the run exited (${child.exitCode}) before it got there`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("SIGINT and SIGTERM", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal}: a graceful stop, the journal intact, the agent's whole process tree gone`, async () => {
      const dir = await tempDir();
      await writeSuite(dir, {
        t1: "requirements: [{ id: 0, criteria: c, category: x }]\n",
        t2: "requirements: [{ id: 0, criteria: c, category: x }]\n",
      });
      const marker = `${signal === "SIGTERM" ? 302 : 303}.4242`;
      await writeFile(join(dir, "agent.sh"), `sleep ${marker} & sleep ${marker}\n`);
      await writeConfig(
        dir,
        `suites: [suite]\ncandidates:\n  - { name: a, kind: command, run: "sh {config_dir}/agent.sh", timeout: 600 }\n`,
      );
      const child = execa("node", [cliPath, "run", "--output", "out"], {
        cwd: dir,
        reject: false,
        env: { CI: "true" },
      });
      await waitUntil(async () => execSync("ps -eo args").toString().includes(`sleep ${marker}`), child);
      child.kill(signal);
      const r = await child;
      expect(r.exitCode).toBe(3);
      expect(String(r.stderr)).toContain("stopped; to finish: devjudge run --resume out");
      await new Promise((res) => setTimeout(res, 200));
      expect(execSync("ps -eo args").toString()).not.toContain(`sleep ${marker}`);
      const events = await readJournalEvents(join(dir, "out"));
      expect(events[0]!.type).toBe("run.started");
      expect(events.at(-1)).toMatchObject({ type: "run.finished", stopped: true });
      // nothing was recorded as judged for work the stop cut short
      expect(events.filter((e) => e.type === "item.judged")).toHaveLength(0);
    });
  }
});

describe("crash and resume with an LLM judge", () => {
  let fake: FakeOpenAI;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: 40 });
    fake.addRules({
      name: "verdict",
      match: (c) => !!c.body.response_format,
      reply: (c) => ({
        json: {
          status: /-[02468] holds/.test(lastUserText(c.body)) ? "satisfied" : "unsatisfied",
          reason: "r",
          evidence: [],
        },
      }),
    });
    dir = await tempDir();
    const tasks: Record<string, string> = {};
    for (let t = 0; t < 6; t++)
      tasks[`t${t}`] = `requirements:\n${Array.from(
        { length: 8 },
        (_, i) => `  - { id: ${i}, criteria: "Req ${t}-${i} holds.", category: x }`,
      ).join("\n")}\n`;
    await writeSuite(dir, tasks);
    const ws = await makeWorkspace({ "README.md": "x" });
    await writeConfig(dir, `suites: [suite]\ncandidates:\n  - { name: a, kind: dir, path: "${ws}" }\n`);
  });
  afterAll(() => fake.close());

  const env = () => ({ OPENAI_API_KEY: "sk-crash", OPENAI_BASE_URL: fake.baseURL, CI: "true" });
  const judged = (events: RunEvent[]) =>
    events.filter((e): e is Extract<RunEvent, { type: "item.judged" }> => e.type === "item.judged");

  it("SIGKILLed at random points and resumed: the verdicts of an uninterrupted run, no journaled verdict judged again, a torn line tolerated", async () => {
    fake.reset();
    fake.addRules({
      name: "verdict",
      match: (c) => !!c.body.response_format,
      reply: (c) => ({
        json: {
          status: /-[02468] holds/.test(lastUserText(c.body)) ? "satisfied" : "unsatisfied",
          reason: "r",
          evidence: [],
        },
      }),
    });
    expect(
      (
        await devjudge(["run", "--judge", "llm", "--no-cache", "--concurrency", "2", "--output", "whole"], {
          cwd: dir,
          env: env(),
        })
      ).code,
    ).toBe(0);
    const baseline = verdictMap(await readReportFile(join(dir, "whole")));
    fake.reset();
    fake.addRules({
      name: "verdict",
      match: (c) => !!c.body.response_format,
      reply: (c) => ({
        json: {
          status: /-[02468] holds/.test(lastUserText(c.body)) ? "satisfied" : "unsatisfied",
          reason: "r",
          evidence: [],
        },
      }),
    });

    const out = join(dir, "crashy");
    const killPoints = [
      3 + Math.floor(Math.random() * 8),
      15 + Math.floor(Math.random() * 8),
      30 + Math.floor(Math.random() * 8),
    ];
    const segments: { killedAt: number; journaled: Set<string> }[] = [];
    for (const [i, n] of killPoints.entries()) {
      const args =
        i === 0
          ? ["run", "--judge", "llm", "--no-cache", "--concurrency", "2", "--output", out]
          : ["run", "--resume", out];
      const child = execa("node", [cliPath, ...args], { cwd: dir, reject: false, env: env() });
      await waitUntil(async () => judged(await readJournalEvents(out).catch(() => [])).length >= n, child);
      child.kill("SIGKILL");
      await child;
      const killedAt = Date.now();
      if (i === killPoints.length - 1)
        await writeFile(join(out, "journal.jsonl"), '{"type":"item.judged","cand', { flag: "a" }); // killed mid-write
      segments.push({
        killedAt,
        journaled: new Set(judged(await readJournalEvents(out)).map((e) => `Req ${e.task.slice(1)}-${e.id} holds`)),
      });
    }
    const last = await devjudge(["run", "--resume", out], { cwd: dir, env: env() });
    expect(last.code).toBe(0);
    expect(last.stdout).toContain("torn last line ignored");
    expect(verdictMap(await readReportFile(out))).toEqual(baseline);
    const keys = judged(await readJournalEvents(out)).map((e) => `${e.task}#${e.id}`);
    expect(keys).toHaveLength(48);
    expect(new Set(keys).size).toBe(48);
    // a requirement journaled before a kill was never asked about again after it
    for (const s of segments) {
      const later = fake.chatCalls
        .filter((c) => c.at > s.killedAt)
        .map((c) => /Req \d+-\d+ holds/.exec(lastUserText(c.body))![0]);
      for (const req of later)
        expect(s.journaled.has(req), `${req} was judged again after being journaled`).toBe(false);
    }
    // the only extra calls are those a kill cut short: sent for an item whose verdict was not yet
    // journaled. An LLM judge keeps up to 4 × --concurrency items in progress (2 calls in flight,
    // the others answered and finishing their bookkeeping), so at most 8 each time.
    expect(fake.chatCalls.length).toBeLessThanOrEqual(48 + 4 * 2 * killPoints.length);
  });
});

import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../harness/report/types.js";
import { devjudge } from "../helpers/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { lastUserText } from "../helpers/fake-openai/match.js";
import type { Reply } from "../helpers/fake-openai/types.js";
import { tempDir } from "../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../helpers/project.js";
import { makeWorkspace } from "../helpers/workspace.js";

const TASKS = 100;
const PER_TASK = 10; // 1,000 requirements
const FAULT_RATE = 0.35;

const FAULTS: { name: string; reply: Reply }[] = [
  {
    name: "429 with Retry-After",
    reply: {
      error: {
        status: 429,
        headers: { "retry-after": "0" },
        body: { error: { message: "rate limited", type: "rate_limit" } },
      },
    },
  },
  { name: "429 without Retry-After", reply: { error: { status: 429, body: { error: { message: "slow down" } } } } },
  { name: "500", reply: { error: { status: 500 } } },
  { name: "503", reply: { error: { status: 503, headers: { "retry-after-ms": "5" } } } },
  { name: "connection reset", reply: { reset: true } },
  { name: "timeout", reply: { json: { status: "unsatisfied", reason: "too late", evidence: [] }, delayMs: 1500 } },
  { name: "malformed JSON", reply: { malformed: "{ not json" } },
  { name: "cut-off body", reply: { cutStream: true } },
  { name: "schema-violating verdict", reply: { json: { status: "unsatisfied-ish", reason: 3 } } },
];

/**
 * A fault decided by the seed, the requirement and which try this is — not by arrival order —
 * so the same seed injects the same faults at any concurrency.
 */
function faultFor(seed: number, requirement: string, attempt: number, timeouts: boolean) {
  const h = createHash("sha256").update(`${seed}:${requirement}:${attempt}`).digest();
  if (h.readUInt32BE(0) / 2 ** 32 >= FAULT_RATE) return undefined;
  const kinds = timeouts ? FAULTS : FAULTS.filter((f) => f.name !== "timeout");
  return kinds[h.readUInt32BE(4) % kinds.length]!;
}

describe("fault injection: 1,000 requirement judgments against a misbehaving endpoint", () => {
  let fake: FakeOpenAI;
  let dir: string;
  const injected = new Map<string, number>();

  beforeAll(async () => {
    dir = await tempDir();
    const tasks: Record<string, string> = {};
    for (let t = 0; t < TASKS; t++) {
      tasks[`t${t}`] = `requirements:\n${Array.from(
        { length: PER_TASK },
        (_, i) => `  - { id: ${i}, criteria: "Requirement ${t}-${i} holds.", category: x }`,
      ).join("\n")}\n`;
    }
    await writeSuite(dir, tasks);
    const ws = await makeWorkspace({ "README.md": "hello\n" });
    await writeConfig(dir, `suites: [suite]\ncandidates:\n  - { name: a, kind: dir, path: "${ws}" }\n`);
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  let stdout = "";

  /**
   * With `timeouts`, the endpoint also stalls some replies past a 0.5 s client time-out. Without, no
   * fault needs a time-out, and the client's is 30 s, which no load on the machine can trip.
   */
  async function run(seed: number, out: string, concurrency = 16, timeouts = true): Promise<Report> {
    fake.reset();
    injected.clear();
    const seen = new Map<string, number>();
    fake.addRules({
      name: "faulty",
      match: (c) => !!c.body.response_format,
      reply: (c) => {
        const req = /Requirement (\d+-\d+) holds/.exec(lastUserText(c.body))![1]!;
        const attempt = seen.get(req) ?? 0;
        seen.set(req, attempt + 1);
        const fault = faultFor(seed, req, attempt, timeouts);
        if (fault) {
          injected.set(fault.name, (injected.get(fault.name) ?? 0) + 1);
          return fault.reply;
        }
        // the model, when it answers properly, always says satisfied: an "unsatisfied" could only come from a fault
        return { json: { status: "satisfied", reason: `ok ${req}`, evidence: [] } };
      },
    });
    const r = await devjudge(
      [
        "run",
        "--judge",
        "llm",
        "--no-cache",
        "--ui",
        "plain",
        "--concurrency",
        String(concurrency),
        "--retries",
        "4",
        "--set",
        `judge.timeout=${timeouts ? 0.5 : 30}`,
        "--set",
        "retries.base_delay=0.001",
        "--set",
        "retries.max_delay=0.02",
        "--output",
        out,
      ],
      { cwd: dir, env: { OPENAI_API_KEY: "sk-faults", OPENAI_BASE_URL: fake.baseURL } },
    );
    stdout = r.stdout;
    const report = await readReportFile(out);
    // errors that survive the retries make the run incomplete: exit 3, and only then
    const errors = report.counts.error;
    expect(r.code, r.stderr).toBe(errors > 0 ? 3 : 0);
    return report;
  }

  it("every requirement ends judged or in error with its cause; none is silently unsatisfied; retries are counted", async () => {
    const report = await run(7, join(dir, "run-a"));
    const verdicts = report.candidates[0]!.tasks.flatMap((t) => t.requirements);
    expect(verdicts).toHaveLength(TASKS * PER_TASK);
    const byStatus = {
      error: verdicts.filter((v) => v.status === "error"),
      satisfied: verdicts.filter((v) => v.status === "satisfied"),
    };
    expect(byStatus.error.length + byStatus.satisfied.length).toBe(verdicts.length);
    expect(byStatus.error.length).toBeGreaterThan(0);
    for (const v of byStatus.error ?? [])
      expect(v.reason).toMatch(
        new RegExp(
          String.raw`^gave up after 5 tries: (429 rate limited|500 server error|503 server error|network:` +
            String.raw` .+|malformed response: .+|the model's verdict does not fit the schema: .+)$`,
        ),
      );
    const faults = [...injected.values()].reduce((a, b) => a + b, 0);
    // A loaded machine can stall the client past its 0.5 s time-out on a good reply, or before a
    // request even left: such a time-out is a failure no fault caused (counted, never lost), and
    // a fault whose reply came after it was injected but never seen. With no such time-out the
    // accounting is exact: every attempt reached the server, and every failure is a fault.
    const timedOut =
      stdout.split("\n").filter((l) => /^retry .*timed out/i.test(l)).length +
      byStatus.error.filter((v) => /timed out/i.test(v.reason)).length;
    const fromLoad = Math.max(0, timedOut - (injected.get("timeout") ?? 0));
    // every try beyond the first per requirement is a retry the report counts
    const attempts = TASKS * PER_TASK + report.retries;
    expect(fake.chatCalls.length).toBeLessThanOrEqual(attempts);
    expect(attempts - fake.chatCalls.length).toBeLessThanOrEqual(fromLoad);
    const failures = report.retries + byStatus.error.length;
    expect(Math.abs(failures - faults)).toBeLessThanOrEqual(fromLoad);
    for (const f of FAULTS) expect(injected.get(f.name), f.name).toBeGreaterThan(10);
    console.info(`time-outs caused by load, not by a fault: ${fromLoad}`);
    expect(report.counts).toMatchObject({ total: 1000, unsatisfied: 0 });
    console.info(
      `fault injection: ${verdicts.length} judgments, ${faults} faults injected ` +
        `(${[...injected].map(([k, n]) => `${n} ${k}`).join(", ")}), ${report.retries} retries, ` +
        `${byStatus.error?.length ?? 0} errors with a cause, 0 lost`,
    );
  });

  it("is deterministic with a seed: the same seed gives the same verdicts at another concurrency", async () => {
    const a = await run(11, join(dir, "run-b"), 16, false);
    const faultsA = new Map(injected);
    const b = await run(11, join(dir, "run-c"), 4, false);
    const statuses = (r: Report) =>
      r.candidates[0]!.tasks.flatMap((t) => t.requirements.map((v) => `${t.task}#${v.id}:${v.status}`));
    expect(statuses(b)).toEqual(statuses(a));
    expect(new Map(injected)).toEqual(faultsA);
  });
});

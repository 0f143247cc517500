import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudgeInProcess } from "../helpers/cli-in-process.js";
import { SKIP_TRACES, sharedTraces, tempDir } from "../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../helpers/project.js";
import { makeWorkspace } from "../helpers/workspace.js";

const CLAUDE = "claude-code/headless_hello-world-script.jsonl";

describe.skipIf(!sharedTraces)(
  `native transcripts in a run (${sharedTraces ? "real Claude Code sample" : SKIP_TRACES})`,
  () => {
    it("a readable transcript is summarised in the report; a truncated, an empty and an unknown one each fail their unit in one line naming file and line, and the run goes on", async () => {
      const real = await readFile(join(sharedTraces!, CLAUDE), "utf8");
      const lines = real.split("\n");
      // cut the real transcript in the middle of its 5th line, as a killed agent would leave it
      const truncated = `${lines.slice(0, 4).join("\n")}\n${lines[4]!.slice(0, 60)}`;
      const traces = await makeWorkspace({
        "truncated.jsonl": truncated,
        "empty.jsonl": "",
        "unknown.json": '{"hello": "world", "n": 1}\n',
      });
      const ws = await makeWorkspace({ "hello.sh": "#!/bin/sh\necho hi\n" });
      const dir = await tempDir();
      await writeSuite(dir, {
        t: "requirements:\n  - { id: 0, criteria: a script, category: x, checks: [ { exists: hello.sh } ] }\n",
      });
      await writeConfig(
        dir,
        `suites: [suite]
candidates:
  - { name: real, kind: dir, path: "${ws}", trajectory: "${join(sharedTraces!, CLAUDE)}" }
  - { name: truncated, kind: dir, path: "${ws}", trajectory: "${traces}/truncated.jsonl" }
  - { name: empty, kind: dir, path: "${ws}", trajectory: "${traces}/empty.jsonl" }
  - { name: unknown, kind: dir, path: "${ws}", trajectory: "${traces}/unknown.json" }
  - { name: forced, kind: dir, path: "${ws}", trajectory: "${join(sharedTraces!, CLAUDE)}", format: swe-agent }
`,
      );
      const r = await devjudgeInProcess(["run", "--output", "out"], { cwd: dir });
      // issue 12 makes a run with failed units exit 3; before it, 0
      expect([0, 3]).toContain(r.code);
      expect(r.stdout).toContain(
        `failed truncated/t: trace unreadable: ${traces}/truncated.jsonl:5:1 not valid JSON (a truncated line?)`,
      );
      expect(r.stdout).toContain(`failed empty/t: trace unreadable: ${traces}/empty.jsonl:1:1 empty file`);
      expect(r.stdout).toContain(
        `failed unknown/t: trace unreadable: ${traces}/unknown.json:1:1 ` +
          `unknown trace format: an object with hello, n`,
      );
      expect(r.stdout).toMatch(
        /failed forced\/t: trace unreadable: .*headless_hello-world-script\.jsonl:2:1 not valid JSON/,
      );
      for (const l of r.stdout.split("\n").filter((l) => l.includes("trace unreadable"))) expect(l).not.toContain("\n");

      const report = await readReportFile(join(dir, "out"));
      const by = Object.fromEntries(report.candidates.map((c) => [c.name, c.tasks[0]!]));
      for (const name of ["truncated", "empty", "unknown", "forced"]) {
        expect(by[name]!.status).toBe("failed");
        expect(by[name]!.error).toMatch(/^trace unreadable: /);
        expect(by[name]!.requirements.map((v) => v.status)).toEqual(["error"]);
      }
      // the agent's own numbers, as its transcript gives them (checked by reading the file: 4 responses, 2 tool
      // calls,
      // opus-4-5)
      expect(by.real!.status).toBe("judged");
      expect(by.real!.requirements.map((v) => v.status)).toEqual(["satisfied"]);
      expect(by.real!.trace).toMatchObject({
        format: "claude-code",
        agent: "claude-code",
        model: "claude-opus-4-5-20251101",
        steps: 4,
        toolCalls: 2,
        status: "finished",
        costKnown: false,
      });
      expect(by.real!.trace!.inputTokens).toBeGreaterThan(0);
      expect(by.real!.trace!.durationS).toBeGreaterThan(0);
      // and the rendered reports show them beside the verdicts
      const summary = await readFile(join(dir, "out", "summary.md"), "utf8");
      expect(summary).toContain("## The agents' own runs (from their transcripts)");
      expect(summary).toMatch(
        new RegExp(
          String.raw`^\| real \| t \| claude-code \| claude-opus-4-5-20251101 \| finished \| 4 \| 2 \|` +
            String.raw` \d+/\d+ \| – \| [\d.]+ s \|$`,
          "m",
        ),
      );
      expect(await readFile(join(dir, "out", "index.html"), "utf8")).toContain("<h2>The agents' own runs</h2>");
    });

    it("a trajectory template may name one run of a multi-run file: output.jsonl#{task}", async () => {
      const ws = await makeWorkspace({ "a.txt": "x" });
      const dir = await tempDir();
      await writeSuite(dir, {
        "ponylang__ponyc-4595":
          "requirements:\n  - { id: 0, criteria: a file, category: x, checks: [ { exists: a.txt } ] }\n",
      });
      await writeConfig(
        dir,
        `suites: [suite]\ncandidates:\n  - { name: openhands, kind: dir, path: "${ws}", ` +
          `trajectory: "${join(sharedTraces!, "openhands/multi_swe_bench_output.jsonl")}#{task}" }\n`,
      );
      const r = await devjudgeInProcess(["run", "--output", "out"], { cwd: dir });
      expect(r.code).toBe(0);
      const t = (await readReportFile(join(dir, "out"))).candidates[0]!.tasks[0]!;
      expect(t.trace).toMatchObject({
        format: "openhands",
        agent: "openhands",
        model: "meta-llama/llama-4-maverick",
        steps: 23,
        toolCalls: 23,
        status: "finished",
        inputTokens: 565158,
        outputTokens: 2558,
      });
    });
  },
);

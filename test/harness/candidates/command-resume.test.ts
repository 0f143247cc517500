import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxAvailable } from "../../../harness/exec/sandbox.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";

/** Cuts a finished run's journal back to its first `keep` verdicts, as a kill at that point would leave it. */
async function cutJournal(runDir: string, keep: number) {
  const file = join(runDir, "journal.jsonl");
  const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  const out: string[] = [];
  let verdicts = 0;
  for (const l of lines) {
    const type = (JSON.parse(l) as { type: string }).type;
    if (type === "item.judged" && verdicts++ >= keep) break;
    if (type === "run.finished") break;
    out.push(l);
  }
  await writeFile(file, `${out.join("\n")}\n`);
  await rm(join(runDir, "report.json"), { force: true });
}

describe.skipIf(!sandboxAvailable())("resuming a run whose command agent had finished a task", () => {
  it("reuses the first agent run's workspace and trace for the verdicts left; an agent cut off before finishing runs again", async () => {
    const dir = await tempDir();
    await writeSuite(dir, {
      t1: `requirements:
  - { id: 0, criteria: a token, category: x, checks: [ { exists: token.txt } ] }
  - { id: 1, criteria: hex, category: x, checks: [ { contains: { path: token.txt, pattern: "^[0-9a-f]{16}$" } } ] }
`,
    });
    // every run of the agent leaves a different token
    await writeFile(
      join(dir, "agent.sh"),
      "od -An -N8 -tx1 /dev/urandom | tr -d ' \\n' > token.txt\necho made $(cat token.txt)\n",
    );
    await writeConfig(
      dir,
      `suites: [suite]\ncandidates:\n  - { name: a, kind: command, run: "sh {config_dir}/agent.sh" }\n`,
    );
    const base = join(dir, "out", "agents", "a", "t1");
    const first = await devjudgeInProcess(["run", "--output", "out"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const token = await readFile(join(base, "workspace", "token.txt"), "utf8");
    const log = await readFile(join(base, "process.log"), "utf8");

    await cutJournal(join(dir, "out"), 1);
    const resumed = await devjudgeInProcess(["run", "--resume", "out"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("warning a/t1: resumed: the agent's run from before the interruption is reused");
    expect(await readFile(join(base, "workspace", "token.txt"), "utf8")).toBe(token);
    expect(await readFile(join(base, "process.log"), "utf8")).toBe(log);
    const report = await readReportFile(join(dir, "out"));
    expect(report.candidates[0]!.tasks[0]!.requirements.map((v) => v.status)).toEqual(["satisfied", "satisfied"]);
    expect(report.candidates[0]!.tasks[0]!.trace).toMatchObject({ format: "log" });

    // killed while the agent ran: no record of its end, no verdicts; the resume runs it afresh
    await cutJournal(join(dir, "out"), 0);
    await rm(`${base}.agent-run.json`);
    const again = await devjudgeInProcess(["run", "--resume", "out"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("is reused");
    expect(await readFile(join(base, "workspace", "token.txt"), "utf8")).not.toBe(token);
  });
});

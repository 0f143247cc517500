import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { repoRoot, tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";

const dev = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).devDependencies as Record<string, string>;
// the npm-installed agents (devDependencies) and the system's own folders, nothing else
const PATH = `${join(repoRoot, "node_modules/.bin")}:/usr/bin:/bin`;

describe("devjudge agents", () => {
  it("lists every preset, finds the agents installed as devDependencies with their versions, and says how to install the rest", async () => {
    const r = await devjudge(["agents", "--json"], { env: { PATH } });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.name)).toEqual(["claude-code", "codex", "aider", "mini-swe-agent", "openhands", "gemini"]);
    const row = (n: string) => rows.find((x) => x.name === n);
    expect(row("claude-code")).toMatchObject({ installed: true, path: join(repoRoot, "node_modules/.bin/claude") });
    expect(row("claude-code").version).toContain(dev["@anthropic-ai/claude-code"]);
    expect(row("codex").version).toContain(dev["@openai/codex"]);
    expect(row("gemini").version).toContain(dev["@google/gemini-cli"]);
    for (const n of ["aider", "mini-swe-agent", "openhands"]) expect(row(n), n).toMatchObject({ installed: false });
  }); // each installed agent runs its --version; Gemini CLI's takes seconds

  it("says in plain text which agents are missing and how to install them", async () => {
    const text = await devjudgeInProcess(["agents"], { env: { PATH: "/usr/bin:/bin" } });
    expect(text.stdout).toMatch(
      /^aider +✗ aider not on PATH — python -m pip install aider-install && aider-install  keys: OPENAI_API_KEY, /m,
    );
    expect(text.stdout).toMatch(/^claude-code +✗ claude not on PATH — npm install -g @anthropic-ai\/claude-code/m);
  });

  it("a run whose preset agent is not installed fails that unit with the cause instead of judging an empty workspace", async () => {
    const dir = await tempDir();
    await writeSuite(dir, {
      t1: "requirements:\n  - { id: 0, criteria: x, category: x, checks: [ { exists: a.txt } ] }\n",
    });
    await writeConfig(dir, "suites: [suite]\ncandidates:\n  - { name: aider, kind: command, agent: aider }\n");
    await devjudgeInProcess(["run", "--output", join(dir, "run")], { cwd: dir, env: { PATH } });
    const t = (await readReportFile(join(dir, "run"))).candidates[0]!.tasks[0]!;
    expect(t.status).toBe("failed");
    expect(t.error).toBe(
      "Aider is not installed: 'aider' is not on PATH (python -m pip install aider-install && aider-install)",
    );
    expect(t.requirements[0]).toMatchObject({ status: "error" });
  });
});

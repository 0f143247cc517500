import { execFileSync, execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devjudge } from "../../helpers/cli.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { cliPath, tempDir } from "../../helpers/paths.js";
import { writeConfig, writeSuite } from "../../helpers/project.js";
import { makeWorkspace } from "../../helpers/workspace.js";

const hasTmux = (() => {
  try {
    execSync("tmux -V", { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const SESSION = `devjudge-test-${process.pid}`;
// a tmux server of this file's own, kept up by an idle session: killing the only session stops the
// server, and a new-session right after could race its exit ("server exited unexpectedly")
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SESSION, ...args], { encoding: "utf8" });
const pane = () => tmux("capture-pane", "-p", "-t", SESSION, "-S", "-100");

/**
 * Waits until the pane shows what `pred` looks for; fails, showing the pane, when the run has ended
 * (the shell printed its exit code) without it. No time limit: on a loaded machine it only waits longer.
 */
async function waitFor(pred: (text: string) => boolean): Promise<string> {
  for (;;) {
    const text = pane();
    if (pred(text)) return text;
    if (text.includes("exit code")) throw new Error(`the run ended without it; the pane shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A suite whose checks take a moment, so a run can be watched (and stopped) midway. */
async function slowProject(seconds = 0.2) {
  const dir = await tempDir();
  const reqs = Array.from(
    { length: 6 },
    (_, i) =>
      `  - { id: ${i}, criteria: r${i}, category: x, checks: [ { ` +
      `command: { run: "sleep ${seconds}; test -f f${i % 2}" } } ] }`,
  ).join("\n");
  await writeSuite(dir, { alpha: `requirements:\n${reqs}\n`, beta: `requirements:\n${reqs}\n` });
  const ws = await makeWorkspace({ "alpha/f0": "", "beta/f0": "", "beta/f1": "" });
  await writeConfig(
    dir,
    `suites: [suite]\nconcurrency: { candidates: 1, judges: 1 }\ncandidates:\n  - { name: first, ` +
      `kind: dir, path: "${ws}/{task}" }\n  - { name: second, kind: dir, path: "${ws}/{task}" }\n`,
  );
  return dir;
}

describe.skipIf(!hasTmux)("devjudge run --ui ink in a real terminal (tmux)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await slowProject();
    tmux("new-session", "-d", "-s", "keepalive", "sleep 3600");
  });
  afterAll(() => {
    try {
      tmux("kill-server");
    } catch {
      // already gone
    }
  });

  const start = (out: string) => {
    try {
      tmux("kill-session", "-t", SESSION);
    } catch {
      // none yet
    }
    // env -u CI: the UI is chosen by --ui, but a TTY without CI is what a person has
    tmux(
      "new-session",
      "-d",
      "-s",
      SESSION,
      "-x",
      "140",
      "-y",
      "40",
      `cd ${dir} && env -u CI node ${cliPath} run --ui ink --output ${out}; echo "exit code $?"; sleep 120`,
    );
  };

  it("shows live rows and totals, then the summary and the report paths", async () => {
    start("watched");
    const live = await waitFor((t) => /judging \d\/6/.test(t));
    expect(live).toMatch(/devjudge run \S+ · suite suite · 2 tasks · 12 requirements · 0 preferences/);
    expect(live).toMatch(/first\/alpha +judging \d\/6 +✓\d ✗\d \?\d/);
    // every unit is checked out at once (dir candidates are quick); the others wait, queued, for the one judge slot
    expect(live).toMatch(/second\/beta +queued +✓0 ✗0 \?0/);
    // one judge slot: at most the unit holding it shows judging 0/6 (before, every checked-out unit did)
    expect(live.match(/judging 0\//g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(live).toMatch(/coverage \d+\/24 · undecided \d+ · units: \d queued, \d active, \d done/);
    expect(live).toMatch(/judged \d+\/24 \(\d+%\) · undecided \d+ · [\d.]+\/s · ETA/);
    const end = await waitFor((t) => t.includes("exit code"));
    expect(end).toMatch(/✔ first\/alpha +done +✓3 ✗3 \?0/);
    expect(end).toMatch(/✔ second\/beta +done +✓6 ✗0 \?0/);
    expect(end).toMatch(
      new RegExp(
        String.raw`candidate +judged +Req \(I\) +Req \(D\) +solved +undecided +error +cost \$ +judge time\n+first` +
          String.raw` +\d+/\d+ +75\.00 +75\.00 +50\.00`,
      ),
    );
    expect(end).toContain("reports: watched/report.json  watched/summary.md  watched/junit.xml  watched/index.html");
    expect(end).toContain("exit code 0");
  });

  it("q stops gracefully: the journal is kept and the exact --resume command is printed", async () => {
    const out = join(dir, "stopped");
    start("stopped");
    await waitFor((t) => /judging [1-5]\/6/.test(t));
    tmux("send-keys", "-t", SESSION, "q");
    const end = await waitFor((t) => t.includes("exit code"));
    expect(end).toContain("stopped; to finish: devjudge run --resume stopped");
    expect(end).toContain("exit code 3");
    expect(existsSync(join(out, "journal.jsonl"))).toBe(true);
    const judged = (await readFile(join(out, "journal.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l.includes('"item.judged"')).length;
    expect(judged).toBeGreaterThan(0);
    expect(judged).toBeLessThan(24);
    const resumed = await devjudgeInProcess(["run", "--resume", out], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming: ${judged} item(s) already judged, ${24 - judged} to go`);
  });
});

describe("plain and json output on a pipe", () => {
  it("plain: one greppable line per task, progress lines at most every few seconds, the summary", async () => {
    const dir = await slowProject(0.35); // long enough (~9 s) for a progress line

    const r = await devjudge(["run", "--output", join(dir, "p")], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(
      new RegExp(
        String.raw`^devjudge run \S+: 2 task\(s\) \(12 requirement\(s\), 0 preference\(s\)\) × 2 candidate\(s\)` +
          String.raw` \[first, second\] = 4 unit\(s\), 24 item\(s\) to judge`,
      ),
    );
    expect(
      lines.filter((l) =>
        /^done (first|second)\/(alpha|beta) satisfied=\d+ unsatisfied=\d+ undecided=0 error=0$/.test(l),
      ),
    ).toHaveLength(4);
    const progress = lines.filter((l) => l.startsWith("progress "));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(3); // one line per 5 s at most
    expect(progress[0]).toMatch(
      /^progress \d+\/24 judged, undecided \d+, errors 0, failed units 0, [\d.]+\/s, ETA \S+, llm calls 0/,
    );
    expect(r.stdout).toContain("Summary (judge: static");
    expect(r.stdout).not.toMatch(/\u001b\[/); // no cursor movement or colour in a pipe
  });

  it("json: the event stream as JSON lines, for other tools", async () => {
    const dir = await slowProject(0); // nothing here needs the run to take a while
    const r = await devjudgeInProcess(["run", "--ui", "json", "--output", join(dir, "j")], { cwd: dir });
    const events = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0].type).toBe("run.started");
    expect(events.filter((e) => e.type === "item.judged")).toHaveLength(24);
    expect(events.filter((e) => e.type === "task.finished")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: "run.finished", stopped: false });
  });
});

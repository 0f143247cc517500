/**
 * Aider, mini-swe-agent and the OpenHands CLI are Python packages these machines cannot install
 * (PyPI is not reachable). Their presets are tested for what devjudge controls — the command line, the
 * environment, where the transcript is collected from, and the sandbox's network — with a
 * stand-in executable of the same name that records its arguments and environment and copies a
 * REAL sample transcript (../shared/traces) to where the agent would leave it.
 */
import { chmod, cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxAvailable } from "../../../harness/exec/sandbox.js";
import type { Report } from "../../../harness/report/types.js";
import { readTrace } from "../../../harness/trace/read-trace.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { SKIP_TRACES, sharedTraces, tempDir } from "../../helpers/paths.js";
import { readReportFile, writeConfig, writeSuite } from "../../helpers/project.js";

const traces = sharedTraces ?? "";
const SAMPLES = {
  aider: join(traces, "aider/mozgoslav.aider.chat.history.md"),
  mini: join(traces, "mini-swe-agent/django__django-14752.deepseek-chat.Submitted.traj.json"),
  openhands: join(traces, "openhands-v1/cli_events_confirmation_mode"),
};
const JUDGE_KEY = "sk-judge-0c1d2e";
const AGENT_KEY = "sk-agent-deepseek-77";

// records NUL-separated arguments and the environment, checks which URLs it can reach, then
// copies the sample to the path given after --chat-history-file (Aider) or -o (mini-swe-agent)
const STANDIN = `#!/bin/sh
printf '%s\\0' "$@" > "$HOME/args"
env | sort > "$HOME/env"
node -e '
  const reach = (u) => fetch(u).then((r) => "ok " + r.status, () => "refused");
  Promise.all(process.argv.slice(1).map(reach)).then((r) => console.log(r.join(", ")));
' "$STANDIN_ENDPOINT" "$STANDIN_OTHER" > "$HOME/net"
# the OpenHands CLI keeps a conversation folder of event files in its HOME
if [ "$(basename "$0")" = openhands ]; then
  events="$HOME/.openhands/conversations/standin/events"
  mkdir -p "$events" && cp "$STANDIN_SAMPLE"/* "$events/"
fi
prev=""
for a in "$@"; do
  case "$prev" in --chat-history-file|-o) cp "$STANDIN_SAMPLE" "$a" ;; esac
  prev="$a"
done
`;

function listen(): Promise<Server> {
  const s = createServer((_req, res) => res.end("{}"));
  return new Promise((r) => s.listen(0, "127.0.0.1", () => r(s)));
}
const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe.skipIf(!sharedTraces)(
  "Aider, mini-swe-agent and OpenHands presets, run with a stand-in executable " +
    `(the real agents cannot be installed here)${sharedTraces ? "" : ` (${SKIP_TRACES})`}`,
  () => {
    let dir: string;
    let out: string;
    let report: Report;
    let endpoint: Server;
    let other: Server;
    let bin: string;
    beforeAll(async () => {
      [endpoint, other] = await Promise.all([listen(), listen()]);
      dir = await tempDir("devjudge-standin-");
      // installed under /tmp, outside the project: the sandbox's private /tmp must get it bound back in
      bin = join(await tempDir("devjudge-standin-install-"), "node_modules", ".bin");
      await mkdir(bin, { recursive: true });
      for (const name of ["aider", "mini", "openhands"]) {
        await writeFile(join(bin, name), STANDIN);
        await chmod(join(bin, name), 0o755);
      }
      await writeSuite(dir, {
        t1: "requirements:\n  - { id: 0, criteria: anything, category: x, checks: [ { absent: nothing.txt } ] }\n",
      });
      await writeConfig(
        dir,
        `suites: [suite]
candidates:
  - name: aider
    kind: command
    agent: aider
    agent_model: deepseek/deepseek-chat
    agent_base_url: ${url(endpoint)}/v1
    env: [STANDIN_SAMPLE, STANDIN_ENDPOINT, STANDIN_OTHER]
  - name: mini
    kind: command
    agent: mini-swe-agent
    agent_model: deepseek/deepseek-chat
    agent_base_url: ${url(endpoint)}/v1
    env: [STANDIN_SAMPLE, STANDIN_ENDPOINT, STANDIN_OTHER]
  - name: openhands
    kind: command
    agent: openhands
    agent_model: openai/qwen3-coder
    agent_base_url: ${url(endpoint)}/v1
    env: [STANDIN_SAMPLE, STANDIN_ENDPOINT, STANDIN_OTHER]
  - name: custom
    kind: command
    agent: aider
    run: aider --model my/model --message-file {query_file}
    env: [STANDIN_SAMPLE, STANDIN_ENDPOINT, STANDIN_OTHER]
`,
      );
      out = dir;
      // one sample per candidate: each runs alone, with its own STANDIN_SAMPLE
      // the sandbox shows the project's folder, not ../shared: the samples are read from a copy there
      const inProject = async (sample: string) => {
        const to = join(dir, "samples", basename(sample));
        await cp(sample, to, { recursive: true });
        return to;
      };
      for (const [c, shared] of [
        ["aider", SAMPLES.aider],
        ["mini", SAMPLES.mini],
        ["openhands", SAMPLES.openhands],
        ["custom", SAMPLES.aider],
      ] as const) {
        const sample = await inProject(shared);
        const r = await devjudgeInProcess(["run", "--candidate", c, "--output", join(out, `run-${c}`)], {
          cwd: dir,
          env: {
            PATH: `${bin}:${process.env.PATH}`,
            OPENAI_API_KEY: JUDGE_KEY,
            DEEPSEEK_API_KEY: AGENT_KEY,
            LLM_API_KEY: AGENT_KEY,
            STANDIN_SAMPLE: sample,
            STANDIN_ENDPOINT: `${url(endpoint)}/v1/models`,
            STANDIN_OTHER: `${url(other)}/`,
          },
        });
        expect(r.code, r.stdout + r.stderr).toBe(0);
      }
      report = { candidates: [] } as unknown as Report;
      for (const c of ["aider", "mini", "openhands", "custom"])
        report.candidates.push(...(await readReportFile(join(out, `run-${c}`))).candidates);
    });
    afterAll(() => {
      endpoint?.close();
      other?.close();
    });

    const runDir = (c: string) => join(out, `run-${c}`, "agents", c, "t1");
    const argsOf = async (c: string) =>
      (await readFile(join(runDir(c), "home", "args"), "utf8")).split("\0").slice(0, -1);
    const envOf = async (c: string) =>
      Object.fromEntries(
        (await readFile(join(runDir(c), "home", "env"), "utf8"))
          .trim()
          .split("\n")
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );

    it("aider (stand-in): one message from the prompt file, no questions, no commits, histories beside the workspace, model and base URL", async () => {
      const b = runDir("aider");
      expect(await argsOf("aider")).toEqual([
        "--message-file",
        join(b, "query.md"),
        "--yes-always",
        "--no-auto-commits",
        "--no-git",
        "--no-check-update",
        "--no-show-model-warnings",
        "--no-pretty",
        "--analytics-disable",
        "--chat-history-file",
        join(b, "aider", ".aider.chat.history.md"),
        "--input-history-file",
        join(b, "aider", ".aider.input.history"),
        "--model",
        "deepseek/deepseek-chat",
        "--openai-api-base",
        `${url(endpoint)}/v1`,
      ]);
    });

    it("mini-swe-agent (stand-in): yolo, exit when done, the prompt as the task, trajectory beside the workspace, model", async () => {
      const b = runDir("mini");
      expect(await argsOf("mini")).toEqual([
        "-y",
        "--exit-immediately",
        "-t",
        await readFile(join(b, "query.md"), "utf8").then((q) => q.replace(/\n$/, "")),
        "-o",
        join(b, "mini-swe-agent.traj.json"),
        "-m",
        "deepseek/deepseek-chat",
      ]);
    });

    it("openhands (stand-in): headless, configured from the environment, the prompt as the task", async () => {
      expect(await argsOf("openhands")).toEqual([
        "--headless",
        "--override-with-envs",
        "-t",
        await readFile(join(runDir("openhands"), "query.md"), "utf8").then((q) => q.replace(/\n$/, "")),
      ]);
      expect(await envOf("openhands")).toMatchObject({
        LLM_MODEL: "openai/qwen3-coder",
        LLM_BASE_URL: `${url(endpoint)}/v1`,
        LLM_API_KEY: AGENT_KEY,
      });
    });

    it("run: replaces the preset's command line; its environment and private HOME still apply (stand-in)", async () => {
      expect(await argsOf("custom")).toEqual([
        "--model",
        "my/model",
        "--message-file",
        join(runDir("custom"), "query.md"),
      ]);
      expect(await envOf("custom")).toMatchObject({
        HOME: join(runDir("custom"), "home"),
        AIDER_CHECK_UPDATE: "false",
        DEEPSEEK_API_KEY: AGENT_KEY,
      });
      // no --chat-history-file given, so no transcript where the preset looks: the process log is the trace
      expect(report.candidates.find((x) => x.name === "custom")!.tasks[0]!.trace).toMatchObject({ format: "log" });
    });

    it("all (stand-in): a private HOME, the agent's own key but never the judge's, the preset's variables", async () => {
      for (const c of ["aider", "mini", "openhands"]) {
        const e = await envOf(c);
        expect(e.HOME, c).toBe(join(runDir(c), "home"));
        expect(e[c === "openhands" ? "LLM_API_KEY" : "DEEPSEEK_API_KEY"], c).toBe(AGENT_KEY);
        expect(e.OPENAI_API_KEY, c).toBeUndefined(); // the judge's key variable
        expect(JSON.stringify(e)).not.toContain(JUDGE_KEY);
      }
      expect(await envOf("aider")).toMatchObject({ AIDER_CHECK_UPDATE: "false" });
      expect(await envOf("mini")).toMatchObject({
        MSWEA_CONFIGURED: "true",
        MSWEA_GLOBAL_CONFIG_DIR: join(runDir("mini"), "home", ".config", "mini-swe-agent"),
        OPENAI_API_BASE: `${url(endpoint)}/v1`,
      });
    });

    it("all (stand-in): the real sample transcript left where the agent writes it is collected and read by the agent's reader", async () => {
      for (const [c, sample, file, format] of [
        ["aider", SAMPLES.aider, join("aider", ".aider.chat.history.md"), "aider"],
        ["mini", SAMPLES.mini, "mini-swe-agent.traj.json", "mini-swe-agent"],
        ["openhands", SAMPLES.openhands, join("home", ".openhands", "conversations", "standin"), "openhands-v1"],
      ] as const) {
        const t = report.candidates.find((x) => x.name === c)!.tasks[0]!;
        expect(resolve(dir, t.trace!.source), c).toBe(join(runDir(c), file));
        const direct = await readTrace(sample);
        expect(t.trace, c).toMatchObject({ format, steps: direct.steps.length });
        expect(direct.steps.length, c).toBeGreaterThan(0);
      }
    });

    it.skipIf(!sandboxAvailable())(
      "all (stand-in): from the sandbox the model endpoint is reachable and another local port is not",
      async () => {
        for (const c of ["aider", "mini", "openhands"])
          expect(await readFile(join(runDir(c), "home", "net"), "utf8"), c).toBe("ok 200, refused\n");
      },
    );
  },
);

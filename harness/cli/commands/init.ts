import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG_FILE } from "../../config/load-config.js";
import { EXIT } from "../exit-codes.js";

export const STARTER =
  "# devjudge project file. Paths are relative to this file. Every option has a `devjudge run` flag.\n" +
  `# Check it with: devjudge validate ${DEFAULT_CONFIG_FILE}

# Task suites: folders of task files, or files with a \`tasks:\` list.        --suite
suites:
  - tasks/my-suite

# Run directories go here: <output>/<run-id>/report.json, journal.jsonl, …   --output-root
output: reports

# independent: judge every requirement. dependent: a requirement whose direct prerequisite came
# out unsatisfied is recorded \`skipped\`, saving judge calls.                  --mode
mode: independent

concurrency:
  candidates: 2      # candidate × task units checked out or run at once     --candidate-concurrency
  judges: 8          # judge calls at once                                   --concurrency

retries:             # failed model calls: 429, 5xx and network errors        --retries
  max: 5
  base_delay: 1      # seconds; doubles each try, with jitter; Retry-After is honoured
  max_delay: 60

cache:
  enabled: true      # a re-run over unchanged workspaces makes no LLM call   --no-cache
  dir: .devjudge/cache                                                     # --cache-dir

work_dir: .devjudge/work   # git clones                                      --work-dir

judge:
  name: static       # static | llm | agent                                  --judge
  # workflow: pipeline          # agent judge: pipeline | agentic            --workflow
  # model: gpt-4o-mini                                                     # --model
  # base_url: http://localhost:8000/v1   # default: $OPENAI_BASE_URL         --base-url
  # api_key_env: OPENAI_API_KEY
  # votes: 1                    # samples per requirement                    --votes
  # requests_per_minute: 500                                               # --rpm
  # tokens_per_minute: 200000                                              # --tpm
  # prices: { my-model: { input: 0.2, cached_input: 0.05, output: 0.6 } }   ` +
  `# USD per million tokens; common models are built in
  # batch: false                # the OpenAI Batch API: half price, within 24 h (nightly runs)   --batch

candidates:
  # Workspaces already on disk (DevAI layout: workspaces/<Agent>/<task>):
  - name: my-agent
    kind: dir
    path: workspaces/my-agent/{task}
    # trajectory: trajectories/my-agent/{task}.json   # DevAI format (.jsonl: JSON lines; else a log)
    # labels: labels/my-agent.yaml                    # human labels: the summary shows agreement

  # A repository at a ref, one folder per task:
  # - name: nightly
  #   kind: git
  #   repo: https://example.com/team/agent-runs.git   # or a local path
  #   ref: main                                       # branch, tag or commit
  #   path: workspaces/{task}
  #   trajectory: trajectories/{task}.json

  # Run the agent itself: a fresh workspace per task, the prompt in {query_file}.
  # - name: my-cli-agent
  #   kind: command
  #   run: my-agent --workspace {workspace} --prompt-file {query_file}
  #   timeout: 1800                 # seconds; the whole process tree is killed   --agent-timeout
  #   env: [MY_AGENT_API_KEY]       # passed through; nothing else of ours is
  #   trajectory: trajectory.json   # in the workspace, if the agent writes one
`;

export function registerInit(program: Command) {
  program
    .command("init")
    .description(`write a commented starter ${DEFAULT_CONFIG_FILE} in the current folder`)
    .option("--force", "overwrite an existing file")
    .action(async (flags: { force?: boolean }) => {
      const file = resolve(DEFAULT_CONFIG_FILE);
      if (existsSync(file) && !flags.force) {
        console.error(`error: ${DEFAULT_CONFIG_FILE} exists; use --force to overwrite it`);
        process.exitCode = EXIT.usage;
        return;
      }
      await writeFile(file, STARTER);
      console.log(
        `wrote ${DEFAULT_CONFIG_FILE}: edit suites and candidates, ` +
          `then \`devjudge validate ${DEFAULT_CONFIG_FILE}\` and \`devjudge run\``,
      );
      process.exitCode = EXIT.ok;
    });
}

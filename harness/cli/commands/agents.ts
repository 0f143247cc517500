import { execFile } from "node:child_process";
import type { Command } from "commander";
import { AGENT_NAMES, agentPresets } from "../../candidates/agents/index.js";
import { onPath } from "../../exec/on-path.js";
import { EXIT } from "../exit-codes.js";

const version = (file: string) =>
  new Promise<string>((resolve) =>
    execFile(file, ["--version"], { timeout: 20_000 }, (err, stdout) =>
      resolve(err ? "?" : (stdout.trim().split("\n")[0] ?? "?")),
    ),
  );

export function registerAgents(program: Command) {
  program
    .command("agents")
    .description("the agent presets for command candidates (agent: <name>) and whether each agent is installed")
    .option("--json", "one JSON object per preset")
    .action(async (flags: { json?: boolean }) => {
      const rows = await Promise.all(
        AGENT_NAMES.map(async (name) => {
          const p = agentPresets[name];
          const path = await onPath(p.binary);
          return {
            name,
            title: p.title,
            binary: p.binary,
            installed: !!path,
            path,
            version: path ? await version(path) : undefined,
            keyEnv: p.keyEnv,
            install: p.install,
          };
        }),
      );
      if (flags.json) for (const r of rows) console.log(JSON.stringify(r));
      else {
        const w = Math.max(...rows.map((r) => r.name.length));
        for (const r of rows)
          console.log(
            `${r.name.padEnd(w)}  ` +
              `${r.installed ? `✔ ${r.path} (${r.version})` : `✗ ${r.binary} not on PATH — ${r.install}`}  ` +
              `keys: ${r.keyEnv.join(", ")}`,
          );
      }
      process.exitCode = EXIT.ok;
    });
}

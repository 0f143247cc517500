import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import type { Command } from "commander";
import { AGENT_NAMES, agentPresets } from "../../candidates/agents/index.js";
import { EXIT } from "../exit-codes.js";

/** The first executable called `name` on PATH. */
export async function onPath(name: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

const version = (file: string) =>
  new Promise<string>((resolve) =>
    execFile(file, ["--version"], { timeout: 20_000 }, (err, stdout) => resolve(err ? "?" : (stdout.trim().split("\n")[0] ?? "?"))),
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
          return { name, title: p.title, binary: p.binary, installed: !!path, path, version: path ? await version(path) : undefined, keyEnv: p.keyEnv, install: p.install };
        }),
      );
      if (flags.json) for (const r of rows) console.log(JSON.stringify(r));
      else {
        const w = Math.max(...rows.map((r) => r.name.length));
        for (const r of rows)
          console.log(`${r.name.padEnd(w)}  ${r.installed ? `✔ ${r.path} (${r.version})` : `✗ ${r.binary} not on PATH — ${r.install}`}  keys: ${r.keyEnv.join(", ")}`);
      }
      process.exitCode = EXIT.ok;
    });
}

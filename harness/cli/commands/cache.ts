import { resolve } from "node:path";
import type { Command } from "commander";
import { ResponseCache } from "../../cache/response-cache.js";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../config/load-config.js";
import { displayPath } from "../../util/display-path.js";
import { EXIT } from "../exit-codes.js";

async function cacheDir(flags: { dir?: string; config?: string }): Promise<string> {
  if (flags.dir) return resolve(flags.dir);
  try {
    return (await loadConfig(flags.config ?? DEFAULT_CONFIG_FILE)).cache.dir;
  } catch {
    return resolve(".devjudge/cache");
  }
}

const size = (b: number) => (b < 1024 ? `${b} B` : b < 1024 ** 2 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`);

export function registerCache(program: Command) {
  const cache = program.command("cache").description("the LLM response cache");
  cache
    .command("stats")
    .description("how many responses are cached and how much room they take")
    .option("--dir <dir>", "cache folder (default: the project file's, or .devjudge/cache)")
    .option("-c, --config <file>", "project file")
    .action(async (flags: { dir?: string; config?: string }) => {
      const s = await new ResponseCache(await cacheDir(flags)).stats();
      console.log(`${displayPath(s.dir)}: ${s.entries} response(s), ${size(s.bytes)}`);
      process.exitCode = EXIT.ok;
    });
  cache
    .command("clear")
    .description("delete every cached response")
    .option("--dir <dir>", "cache folder (default: the project file's, or .devjudge/cache)")
    .option("-c, --config <file>", "project file")
    .action(async (flags: { dir?: string; config?: string }) => {
      const s = await new ResponseCache(await cacheDir(flags)).clear();
      console.log(`${displayPath(s.dir)}: removed ${s.entries} response(s), ${size(s.bytes)}`);
      process.exitCode = EXIT.ok;
    });
}

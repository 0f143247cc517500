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

const size = (b: number) =>
  b < 1024 ? `${b} B` : b < 1024 ** 2 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;

/** A `cache` subcommand: where the cache is, from --dir or the project file, then what to do with it and say. */
function cacheCommand(
  parent: Command,
  name: string,
  description: string,
  act: (cache: ResponseCache) => Promise<string>,
) {
  parent
    .command(name)
    .description(description)
    .option("--dir <dir>", "cache folder (default: the project file's, or .devjudge/cache)")
    .option("-c, --config <file>", "project file")
    .action(async (flags: { dir?: string; config?: string }) => {
      console.log(await act(new ResponseCache(await cacheDir(flags))));
      process.exitCode = EXIT.ok;
    });
}

export function registerCache(program: Command) {
  const cache = program.command("cache").description("the LLM response cache");
  cacheCommand(cache, "stats", "how many responses are cached and how much room they take", async (c) => {
    const s = await c.stats();
    return `${displayPath(s.dir)}: ${s.entries} response(s), ${size(s.bytes)}`;
  });
  cacheCommand(cache, "clear", "delete every cached response", async (c) => {
    const s = await c.clear();
    return `${displayPath(s.dir)}: removed ${s.entries} response(s), ${size(s.bytes)}`;
  });
}

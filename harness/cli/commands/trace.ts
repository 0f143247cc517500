import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { InputError } from "../../core/diagnostics.js";
import { readTrace, TRACE_FORMATS } from "../../trace/read-trace.js";
import { formatTrace } from "../../trace/format-trace.js";
import { EXIT } from "../exit-codes.js";

export function registerTrace(program: Command) {
  program
    .command("trace")
    .description("print an agent's transcript as devjudge reads it (format detected from the content)")
    .argument(
      "<path>",
      "a transcript file or folder; file#id picks one run of an OpenHands output.jsonl or an Inspect log",
    )
    .option("--format <name>", `force a format (${TRACE_FORMATS().join(", ")})`)
    .option("--json", "print the normalised Trace as JSON")
    .action(async (path: string, flags: { format?: string; json?: boolean }) => {
      try {
        // `file#run` names one run of a file that holds several (OpenHands output.jsonl, Inspect logs)
        const onDisk = path.lastIndexOf("#") > 0 ? path.slice(0, path.lastIndexOf("#")) : path;
        if (!(await stat(path).catch(() => undefined)) && !(await stat(onDisk).catch(() => undefined)))
          throw new InputError([], `${path}: no such file or folder`);
        if (flags.format && !TRACE_FORMATS().includes(flags.format))
          throw new InputError([], `--format: unknown format '${flags.format}' (known: ${TRACE_FORMATS().join(", ")})`);
        const trace = await readTrace(path, flags.format);
        console.log(flags.json ? JSON.stringify(trace, null, 2) : formatTrace(trace));
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError) && !(e instanceof Error && "code" in e)) throw e;
        console.error(`error: ${(e as Error).message.split("\n")[0]}`);
        process.exitCode = EXIT.usage;
      }
    });
}

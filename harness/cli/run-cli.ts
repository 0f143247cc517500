import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { COMMANDS } from "./command-list.js";
import { EXIT } from "./exit-codes.js";

/**
 * `devjudge <args>`: builds the program with only the command being run (all of them for help or
 * an unknown command, none for --version), runs it and returns the exit code. The commands print
 * and set `process.exitCode`; an error they do not handle is printed with its stack, exit 3.
 */
export async function runCli(args: string[]): Promise<number> {
  const program = new Command()
    .name("devjudge")
    .description("Agent-as-a-Judge evaluation harness for coding agents")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  const invoked = args[0];
  const version = invoked === "--version" || invoked === "-V";
  const wanted = invoked !== undefined && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
  for (const name of version ? [] : wanted) (await COMMANDS[name]!())(program);
  try {
    await program.parseAsync(args, { from: "user" });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CommanderError) {
      const quiet = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(e.code);
      return quiet ? EXIT.ok : EXIT.usage;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return EXIT.runFailed;
  }
}

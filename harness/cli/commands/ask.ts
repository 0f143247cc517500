import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { llmClient } from "../../../judges/index.js";
import { askWorkspace } from "../../../judges/agent/ask.js";
import { DEFAULT_CONFIG_FILE, loadConfig, resolveConfig } from "../../config/load-config.js";
import { NoEndpointError } from "../../llm/endpoint.js";
import { InputError } from "../../core/diagnostics.js";
import { readTrace } from "../../trace/read-trace.js";
import { EXIT } from "../exit-codes.js";

interface AskFlags {
  trace?: string;
  model?: string;
  baseUrl?: string;
  config?: string;
  json?: boolean;
}

export function registerAsk(program: Command) {
  program
    .command("ask")
    .description("ask a free question about a workspace; answered with the agent judge's tools")
    .argument("<workspace>", "the folder to look at")
    .argument("<question>", "what you want to know")
    .option("--trace <file>", "the agent's transcript, in any format devjudge reads (see devjudge trace)")
    .option("--model <name>", "model (default: the project file's, or gpt-4o-mini)")
    .option("--base-url <url>", "OpenAI-compatible endpoint (default $OPENAI_BASE_URL)")
    .option("-c, --config <file>", "project file for the judge settings (default ./devjudge.yaml, if any)")
    .option("--json", "print the answer, the tool calls and the usage as JSON")
    .action(async (workspace: string, question: string, flags: AskFlags) => {
      try {
        if (!(await stat(workspace).catch(() => undefined))?.isDirectory())
          throw new InputError([], `${workspace}: no such folder`);
        const file = flags.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
        const config = file ? await loadConfig(file) : resolveConfig({ suites: [], candidates: [] }, process.cwd());
        config.judge.model = flags.model ?? config.judge.model;
        config.judge.baseUrl = flags.baseUrl ?? config.judge.baseUrl;
        config.cache.enabled = false;
        const trace = flags.trace ? await readTrace(flags.trace) : undefined;
        const result = await askWorkspace(llmClient(config), config.judge, resolve(workspace), question, trace);
        if (flags.json) console.log(JSON.stringify(result, null, 2));
        else {
          console.log(result.answer);
          console.error(
            `(${result.toolCalls.map((c) => c.name).join(", ") || "no tools"}; ${result.usage.calls} call(s), ` +
              `${result.usage.inputTokens}/${result.usage.outputTokens} tokens)`,
          );
        }
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError || e instanceof NoEndpointError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = EXIT.usage;
      }
    });
}

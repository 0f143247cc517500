import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { checkConfigText } from "../../config/load-config.js";
import { fileError, formatDiagnostic, type Diagnostic } from "../../tasks/diagnostics.js";
import { loadSuite } from "../../tasks/load-suite.js";
import { EXIT } from "../exit-codes.js";

const isConfigFile = (p: string) => /^devjudge\.ya?ml$/.test(basename(p));

export function registerValidate(program: Command) {
  program
    .command("validate")
    .description("check task suites (folders or files) and devjudge.yaml project files; prints every error as file:line:col")
    .argument("<paths...>", "suite folders, task files, or devjudge.yaml")
    .action(async (paths: string[]) => {
      const started = performance.now();
      const diagnostics: Diagnostic[] = [];
      let tasks = 0;
      let projectFiles = 0;
      let requirements = 0;
      let preferences = 0;
      for (const path of paths) {
        if (isConfigFile(path)) {
          const text = await readFile(path, "utf8").catch(() => undefined);
          if (text === undefined) diagnostics.push(fileError(path, "no such file"));
          else diagnostics.push(...checkConfigText(path, text).diagnostics);
          projectFiles++;
          continue;
        }
        const { suite, diagnostics: ds } = await loadSuite(path);
        diagnostics.push(...ds);
        tasks += suite.tasks.length;
        for (const t of suite.tasks) {
          requirements += t.requirements.length;
          preferences += t.preferences.length;
        }
      }
      for (const d of diagnostics) console.log(formatDiagnostic(d));
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      const ms = (performance.now() - started).toFixed(0);
      if (errors) {
        console.log(`${errors} error(s)`);
        process.exitCode = EXIT.failed;
      } else {
        const files = projectFiles ? `${projectFiles} project file(s), ` : "";
        console.log(`ok: ${files}${tasks} task(s), ${requirements} requirement(s), ${preferences} preference(s) (${ms} ms)`);
      }
    });
}

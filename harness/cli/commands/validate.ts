import { existsSync } from "node:fs";
import type { Command } from "commander";
import { DEFAULT_CONFIG_FILE } from "../../config/load-config.js";
import { validateInputs } from "../../config/validate-inputs.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { EXIT } from "../exit-codes.js";

export function registerValidate(program: Command) {
  program
    .command("validate")
    .description(
      "check task suites (folders or files) and project files, with the suites, workspaces and paths " +
        "a run of them would use; prints every problem as file:line:col",
    )
    .argument(
      "[paths...]",
      "suite folders, task files, or project files (recognised by their top-level candidates/suites); " +
        `default ./${DEFAULT_CONFIG_FILE}`,
    )
    .option("-c, --config <file>", "a project file, whatever its content looks like")
    .action(async (paths: string[], opts: { config?: string }) => {
      const started = performance.now();
      const projects = opts.config ? [opts.config] : [];
      if (paths.length === 0 && projects.length === 0) {
        if (!existsSync(DEFAULT_CONFIG_FILE)) {
          console.error(
            "error: nothing to validate: give suite folders, task files or a project file " +
              `(there is no ./${DEFAULT_CONFIG_FILE})`,
          );
          process.exitCode = EXIT.usage;
          return;
        }
        projects.push(DEFAULT_CONFIG_FILE);
      }
      const { diagnostics, projectFiles, tasks } = await validateInputs(paths, projects);
      for (const d of diagnostics) console.log(formatDiagnostic(d));
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      const warnings = diagnostics.length - errors;
      const ms = (performance.now() - started).toFixed(0);
      if (errors) {
        console.log(`${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ""}`);
        process.exitCode = EXIT.failed;
      } else {
        const files = projectFiles ? `${projectFiles} project file(s), ` : "";
        const requirements = tasks.reduce((n, t) => n + t.requirements.length, 0);
        const preferences = tasks.reduce((n, t) => n + t.preferences.length, 0);
        const warned = warnings ? `, ${warnings} warning(s)` : "";
        console.log(
          `ok: ${files}${tasks.length} task(s), ${requirements} requirement(s), ` +
            `${preferences} preference(s)${warned} (${ms} ms)`,
        );
      }
    });
}

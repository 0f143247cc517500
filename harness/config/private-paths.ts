import { dirname } from "node:path";
import type { Config } from "./types.js";

/**
 * What devjudge keeps from every sandbox even where a folder around it is shown (a command
 * candidate sees its project folder for `{config_dir}`): runs and their journals, the cache,
 * other candidates' workspaces and every labels file.
 */
export function pathsToHide(
  config: Pick<Config, "output" | "cache" | "workDir" | "candidates">,
  runDir: string,
): string[] {
  const paths = [runDir, config.output, config.cache.dir, config.workDir];
  for (const c of config.candidates) {
    if (c.labels) paths.push(c.labels);
    // a dir candidate's template up to the first {task}: the folder holding all its workspaces
    if (c.kind === "dir")
      paths.push(c.path.includes("{task}") ? dirname(c.path.slice(0, c.path.indexOf("{task}")) + "x") : c.path);
    if (c.kind === "dir" && c.trajectory)
      paths.push(
        c.trajectory.includes("{task}")
          ? dirname(c.trajectory.slice(0, c.trajectory.indexOf("{task}")) + "x")
          : c.trajectory,
      );
  }
  return paths;
}

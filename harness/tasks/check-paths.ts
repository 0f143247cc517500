import { isAbsolute } from "node:path";
import { definitionOfKind } from "../checks/index.js";

/** The workspace path a check names, with where it sits inside the check ([] for a bare string). */
function checkPaths(check: unknown): { at: string[]; path: string }[] {
  if (!check || typeof check !== "object") return [];
  const out: { at: string[]; path: string }[] = [];
  for (const [kind, spec] of Object.entries(check)) {
    if (definitionOfKind(kind)?.namesPath === false) continue; // e.g. a command: a shell script, not a path
    if (typeof spec === "string") out.push({ at: [kind], path: spec });
    else if (spec && typeof spec === "object" && typeof (spec as { path?: unknown }).path === "string")
      out.push({ at: [kind, "path"], path: (spec as { path: string }).path });
  }
  return out;
}

/** Why a check path would leave the workspace (the run refuses it), or undefined. */
export function leavesWorkspace(path: string): string | undefined {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path))
    return `'${path}' is absolute; check paths are relative to the workspace`;
  if (path.split(/[\\/]/).includes("..")) return `'${path}' leaves the workspace through '..'`;
  return undefined;
}

/** Every check path in a raw task that points outside the workspace, as (document path, message). */
export function outsidePaths(task: unknown): { path: (string | number)[]; message: string }[] {
  const requirements = (task as { requirements?: unknown } | null)?.requirements;
  if (!Array.isArray(requirements)) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  requirements.forEach((r, i) => {
    const checks = (r as { checks?: unknown } | null)?.checks;
    if (!Array.isArray(checks)) return;
    checks.forEach((c, j) => {
      for (const { at, path } of checkPaths(c)) {
        const why = leavesWorkspace(path);
        if (why) out.push({ path: ["requirements", i, "checks", j, ...at], message: why });
      }
    });
  });
  return out;
}

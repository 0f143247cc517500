import { stat } from "node:fs/promises";
import type { CandidateConfig } from "../config/types.js";
import { readDevaiTrajectory } from "../trace/read-devai.js";
import type { Trace } from "../trace/types.js";
import { displayPath } from "../util/display-path.js";

export const fillTemplate = (template: string, task: string) => template.replaceAll("{task}", task);

export interface Materialised {
  workspace: string;
  trace?: Trace;
  warnings: string[];
}

export class WorkspaceMissingError extends Error {
  constructor(readonly path: string) {
    super(`workspace not found: ${displayPath(path)}`);
    this.name = "WorkspaceMissingError";
  }
}

/** The workspace (and trace, if any) a candidate left for a task. */
export async function materialise(candidate: CandidateConfig, taskId: string): Promise<Materialised> {
  const workspace = fillTemplate(candidate.path, taskId);
  const info = await stat(workspace).catch(() => undefined);
  if (!info?.isDirectory()) throw new WorkspaceMissingError(workspace);
  const warnings: string[] = [];
  let trace: Trace | undefined;
  if (candidate.trajectory) {
    const file = fillTemplate(candidate.trajectory, taskId);
    if (!(await stat(file).catch(() => undefined))) warnings.push(`no trajectory at ${displayPath(file)}; judging black-box`);
    else {
      try {
        trace = await readDevaiTrajectory(file);
      } catch (e) {
        warnings.push(`trajectory ignored: ${(e as Error).message}`);
      }
    }
  }
  return { workspace, trace, warnings };
}

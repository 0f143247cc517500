import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { DirCandidate } from "../config/types.js";
import type { Task } from "../tasks/types.js";
import { displayPath } from "../util/display-path.js";
import { findTrace } from "./find-trace.js";
import { fillTemplate, WorkspaceMissingError, type CandidateSource, type Materialised } from "./types.js";

/** Workspaces already on disk: `path: workspaces/Agent/{task}`, as DevAI lays them out. */
export class DirSource implements CandidateSource {
  constructor(readonly config: DirCandidate) {}

  async materialise(task: Task): Promise<Materialised> {
    const workspace = fillTemplate(this.config.path, task.id);
    if (!(await stat(workspace).catch(() => undefined))?.isDirectory())
      throw new WorkspaceMissingError(displayPath(workspace));
    const warnings: string[] = [];
    const file = this.config.trajectory && fillTemplate(this.config.trajectory, task.id);
    const trace = await findTrace(file, this.config.trajectoryFormat, warnings, file && dirname(file));
    return { workspace, trace, warnings };
  }
}

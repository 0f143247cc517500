import type { CandidateConfig } from "../config/types.js";
import type { NewEvent } from "../events/types.js";
import type { Task } from "../tasks/types.js";
import type { Trace } from "../trace/types.js";

/** What a candidate left for one task: the workspace to judge and, if any, its trace. */
export interface Materialised {
  workspace: string;
  trace?: Trace;
  warnings: string[];
}

export interface SourceContext {
  /** Shared cache of git clones. */
  workDir: string;
  /** This run's directory: command candidates' workspaces and logs live under it. */
  runDir: string;
  signal: AbortSignal;
  emit: (e: NewEvent) => void;
}

/** Produces workspaces for one candidate: checks them out, finds them, or runs the agent. */
export interface CandidateSource {
  readonly config: CandidateConfig;
  materialise(task: Task, ctx: SourceContext): Promise<Materialised>;
}

export class WorkspaceMissingError extends Error {
  constructor(
    readonly path: string,
    detail = "",
  ) {
    super(`workspace not found: ${path}${detail}`);
    this.name = "WorkspaceMissingError";
  }
}

/** Fills `{task}` into a path template; any other `{name}` left is a typo the user must hear about. */
export function fillTemplate(template: string, task: string): string {
  const filled = template.replaceAll("{task}", task);
  const unknown = /\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(filled);
  if (unknown)
    throw new Error(
      `path template '${template}' names an unknown placeholder ${unknown[0]} (a path knows only {task})`,
    );
  return filled;
}

/** A ref that names a commit rather than a branch or tag. */
export const isSha = (ref: string) => /^[0-9a-f]{7,40}$/i.test(ref);

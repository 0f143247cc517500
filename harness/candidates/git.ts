import { createHash } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import type { GitCandidate } from "../config/types.js";
import type { Task } from "../tasks/types.js";
import { findTrace } from "./find-trace.js";
import {
  fillTemplate,
  isSha,
  WorkspaceMissingError,
  type CandidateSource,
  type Materialised,
  type SourceContext,
} from "./types.js";

const isLocal = (repo: string) => repo.startsWith("/");

/**
 * A repository of workspaces at a ref: cloned once into the work dir (shallow when the ref is a
 * branch or tag of a remote), then checked out as one detached worktree per commit, shared by
 * every task. A re-run reuses both; a ref the clone does not know yet fetches.
 */
export class GitSource implements CandidateSource {
  private tree?: Promise<{ dir: string; sha: string }>;

  constructor(readonly config: GitCandidate) {}

  private async checkout(ctx: SourceContext): Promise<{ dir: string; sha: string }> {
    const { repo, ref } = this.config;
    const root = join(ctx.workDir, "git", createHash("sha256").update(repo).digest("hex").slice(0, 16));
    const clone = join(root, "repo");
    await mkdir(root, { recursive: true });
    const { simpleGit } = await import("simple-git"); // loaded only by runs with git candidates
    if (!(await stat(join(clone, ".git")).catch(() => undefined))) {
      const shallow = !isLocal(repo) && !isSha(ref) && ref !== "HEAD" ? ["--depth", "1", "--branch", ref] : [];
      ctx.emit({ type: "info", candidate: this.config.name, message: `cloning ${repo}` });
      await simpleGit().clone(repo, clone, ["--no-checkout", ...shallow]);
    }
    const git = simpleGit(clone);
    // A commit is looked up locally first; a branch or tag name may have moved, so it is fetched.
    const spellings = isSha(ref) ? [ref] : [`origin/${ref}`, ref];
    let sha = isSha(ref) ? await resolve(git, spellings) : undefined;
    if (!sha) {
      await git.fetch(["origin", "--tags", "--force"]);
      sha = await resolve(git, spellings);
    }
    if (!sha) throw new Error(`git: ${repo} has no ref '${ref}'`);
    const dir = join(root, "trees", sha);
    if (!(await stat(dir).catch(() => undefined))) {
      await git.raw(["worktree", "prune"]);
      await git.raw(["worktree", "add", "--detach", dir, sha]);
    }
    return { dir, sha };
  }

  async materialise(task: Task, ctx: SourceContext): Promise<Materialised> {
    this.tree ??= this.checkout(ctx);
    const { dir, sha } = await this.tree;
    const workspace = join(dir, fillTemplate(this.config.path, task.id));
    if (!(await stat(workspace).catch(() => undefined))?.isDirectory()) {
      throw new WorkspaceMissingError(
        fillTemplate(this.config.path, task.id),
        ` in ${this.config.repo} at ${this.config.ref} (${sha.slice(0, 10)})`,
      );
    }
    const warnings: string[] = [];
    const trajectory = this.config.trajectory && join(dir, fillTemplate(this.config.trajectory, task.id));
    return { workspace, trace: await findTrace(trajectory, this.config.trajectoryFormat, warnings, dir), warnings };
  }
}

/** The commit the first resolvable spelling of a ref names in the clone. */
async function resolve(git: SimpleGit, spellings: string[]): Promise<string | undefined> {
  for (const candidate of spellings) {
    try {
      // with --quiet a missing ref exits 1 silently, which simple-git may report as an empty answer
      const sha = (await git.raw(["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`])).trim();
      if (sha) return sha;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

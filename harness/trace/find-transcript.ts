import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Names agents give their transcripts (Codex's `history.jsonl` is only a prompt index, and
 * sub-agent files belong to a session).
 */
const TRANSCRIPT = /(\.jsonl|\.ndjson|\.traj|\.traj\.json|\.eval|^session-.+\.json|\.aider\.chat\.history\.md)$/;
const NOT_A_TRANSCRIPT = /^(history\.jsonl|settings\.json|config\.json)$/;

/**
 * The newest transcript under a folder (a few levels down), for agents that name their files
 * after a session id or a date: `~/.claude/projects/<dir>/`, `~/.codex/sessions/`,
 * `~/.gemini/tmp/<hash>/chats/`. Sub-agent folders are skipped: their files are the session's.
 */
export async function newestTranscript(dir: string, depth = 5): Promise<string | undefined> {
  let best: { path: string; mtime: number } | undefined;
  const walk = async (d: string, left: number) => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (left > 0 && e.name !== "subagents" && e.name !== "node_modules" && !e.name.startsWith(".git"))
          await walk(p, left - 1);
      } else if (e.isFile() && TRANSCRIPT.test(e.name) && !NOT_A_TRANSCRIPT.test(e.name)) {
        const mtime = (await stat(p)).mtimeMs;
        if (!best || mtime > best.mtime) best = { path: p, mtime };
      }
    }
  };
  await walk(dir, depth);
  return best?.path;
}

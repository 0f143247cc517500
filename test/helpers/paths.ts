import { existsSync } from "node:fs";
import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = join(repoRoot, "dist/harness/cli/main.js");

const devaiDir = resolve(repoRoot, "../shared/devai");
/** The shared DevAI data beside the repo, or undefined (tests that need it skip, saying why). */
export const sharedDevai: string | undefined = existsSync(join(devaiDir, "instances")) ? devaiDir : undefined;
export const SKIP_DEVAI = `../shared/devai not found beside the repo (${devaiDir}); skipping tests that read DevAI data`;
if (!sharedDevai) console.warn(SKIP_DEVAI);

/** A fresh folder, readable by others: as root, sandboxed commands run as an unprivileged uid that reads the project folder. */
export async function tempDir(prefix = "devjudge-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

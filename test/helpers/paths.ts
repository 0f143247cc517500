import { existsSync } from "node:fs";
import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = join(repoRoot, "dist/harness/cli/main.js");

/** The team's read-only data beside the repo (../shared), or where DEVJUDGE_TEST_SHARED_DIR says. */
export const sharedDir = resolve(repoRoot, process.env.DEVJUDGE_TEST_SHARED_DIR || "../shared");
const devaiDir = join(sharedDir, "devai");
const inCI = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);

/** Whether the DevAI release (instances/, workspaces/, trajectories/, judgments/) is there. */
export const hasDevai = existsSync(join(devaiDir, "instances"));
/** Tests that read DevAI data skip without it, saying why, except in CI, where they fail (see devai()). */
export const skipDevai = !hasDevai && !inCI;
export const SKIP_DEVAI =
  `DevAI data not found at ${devaiDir} (../shared/devai beside the repo); skipping the tests ` + `that read it`;
const MISSING_DEVAI =
  `DevAI data not found at ${devaiDir}: it is expected at ../shared/devai beside the repo (or ` +
  `$DEVJUDGE_TEST_SHARED_DIR/devai), with instances/, workspaces/, trajectories/ and judgments/; CI is set, so the ` +
  `tests that read it fail instead of skipping`;
if (skipDevai) console.warn(SKIP_DEVAI);

/** The DevAI data folder; throws, saying where it is expected, when it is not there (only reached in CI). */
export function devai(): string {
  if (!hasDevai) throw new Error(MISSING_DEVAI);
  return devaiDir;
}

const tracesDir = join(sharedDir, "traces");
/**
 * The real agent transcripts beside the repo (`../shared/traces`, see its SOURCES.md), or
 * undefined: tests that read them skip, saying why.
 */
export const sharedTraces: string | undefined = existsSync(join(tracesDir, "FORMATS.md")) ? tracesDir : undefined;
export const SKIP_TRACES =
  `real agent transcripts not found at ${tracesDir} (../shared/traces beside the repo); ` +
  `skipping tests that read them`;
if (!sharedTraces) console.warn(SKIP_TRACES);

/**
 * A fresh folder, readable by others: as root, sandboxed commands run as an unprivileged uid that
 * reads the project folder.
 */
export async function tempDir(prefix = "devjudge-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

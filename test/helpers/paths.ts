import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
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

export const tempDir = (prefix = "devjudge-test-") => mkdtemp(join(tmpdir(), prefix));

const tracesDir = resolve(repoRoot, "../shared/traces");
/** The real agent transcripts beside the repo (`../shared/traces`, see its SOURCES.md), or undefined: tests that read them skip, saying why. */
export const sharedTraces: string | undefined = existsSync(join(tracesDir, "FORMATS.md")) ? tracesDir : undefined;
export const SKIP_TRACES = `../shared/traces not found beside the repo (${tracesDir}); skipping tests that read real agent transcripts`;
if (!sharedTraces) console.warn(SKIP_TRACES);

import { copyFile, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { sandboxAvailable } from "../harness/exec/sandbox.js";
import type { Report } from "../harness/report/types.js";
import { repoRoot, tempDir } from "./helpers/paths.js";

const version = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version as string;
const run = (file: string, args: string[], cwd: string) => execa(file, args, { cwd, reject: false, env: { CI: "true" } });

/** The repository as a fresh clone has it (tracked and new files, nothing ignored: no dist/), with this node_modules. */
async function freshCopy(to: string): Promise<void> {
  const files = (await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot })).stdout.split("\0").filter(Boolean);
  for (const f of files) {
    if (!(await stat(join(repoRoot, f)).catch(() => undefined))?.isFile()) continue; // deleted in the working tree
    await mkdir(dirname(join(to, f)), { recursive: true });
    await copyFile(join(repoRoot, f), join(to, f));
  }
  await symlink(join(repoRoot, "node_modules"), join(to, "node_modules"));
}

// One pack and one install for the whole file: the path a user takes from a clone. The pack runs
// the prepack build, so what is installed is built from the sources as they are.
describe("devjudge installed from `npm pack` of a fresh clone into a temporary global prefix", () => {
  let dir: string;
  let bin: string;

  beforeAll(async () => {
    dir = await tempDir();
    const clone = join(dir, "clone");
    await freshCopy(clone);
    const pack = await execa("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: clone });
    const tarball = join(dir, pack.stdout.trim().split("\n").at(-1)!);
    const prefix = join(dir, "prefix");
    await execa("npm", ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
    bin = join(prefix, "bin", "devjudge");
  }, 600_000);

  it("--version prints the package's version", async () => {
    const r = await run(bin, ["--version"], dir);
    expect(r.stdout.trim()).toBe(version);
    expect(r.exitCode).toBe(0);
  });

  it("judges the demo suite with the static judge, outside the clone", async () => {
    const seeds = join(repoRoot, "seeds");
    await writeFile(
      join(dir, "devjudge.yaml"),
      `suites: [${join(repoRoot, "tasks/demo")}]\ncandidates:\n  - { name: ace, kind: dir, path: "${seeds}/workspaces/ace/{task}", labels: ${seeds}/labels/ace.yaml }\n`,
    );
    const args = ["run", "--output", "out", ...(sandboxAvailable() ? [] : ["--unsafe-no-sandbox"])];
    const r = await run(bin, args, dir);
    expect(r.stderr.replace(/^.*without a sandbox.*\n?/gm, "")).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Summary (judge: static");
    const report: Report = JSON.parse(await readFile(join(dir, "out/report.json"), "utf8"));
    expect(report.devjudge).toBe(version);
    const [ace] = report.candidates;
    expect(ace!.tasks).toHaveLength(6);
    expect(ace!.counts.error).toBe(0);
    expect(ace!.counts.satisfied).toBeGreaterThan(0);
    expect(ace!.labels!.compared).toBeGreaterThan(0); // the labels file was found and read
  });
});

describe("devjudge in the clone", () => {
  it("`npx devjudge` runs this build (npm finds the package's own command), with nothing to install", async () => {
    // --offline: were it not found here, npx would fail instead of fetching a package of that name
    const r = await execa("npx", ["--offline", "devjudge", "--version"], { cwd: join(repoRoot, "tasks"), reject: false });
    expect(r.stdout.trim()).toBe(version);
    expect(r.exitCode).toBe(0);
  });
});

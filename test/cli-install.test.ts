import { copyFile, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { sandboxAvailable } from "../harness/exec/sandbox.js";
import type { Report } from "../harness/report/types.js";
import { repoRoot, tempDir } from "./helpers/paths.js";

const version = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version as string;
const run = (file: string, args: string[], cwd: string) =>
  execa(file, args, { cwd, reject: false, env: { CI: "true" } });

/**
 * The repository as a fresh clone has it (tracked and new files, nothing ignored: no dist/), with
 * this node_modules.
 */
async function freshCopy(to: string): Promise<void> {
  const files = (
    await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot })
  ).stdout
    .split("\0")
    .filter(Boolean);
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
    await execa(
      "npm",
      [
        "install",
        "--global",
        "--prefix",
        prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        tarball,
      ],
      { cwd: dir },
    );
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
      `suites: [${join(repoRoot, "tasks/demo")}]\ncandidates:\n  - { name: ace, kind: dir, path: ` +
        `"${seeds}/workspaces/ace/{task}", labels: ${seeds}/labels/ace.yaml }\n`,
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
    expect(ace!.labels!.labelled).toBeGreaterThan(0); // the labels file was found and read
  });

  // the same install, used as a library by another ESM TypeScript project
  const consumer = async () => {
    const project = join(dir, "consumer");
    await mkdir(join(project, "node_modules/@types"), { recursive: true });
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await symlink(join(dir, "prefix/lib/node_modules/devjudge"), join(project, "node_modules/devjudge")).catch(
      () => undefined,
    );
    await symlink(join(repoRoot, "node_modules/@types/node"), join(project, "node_modules/@types/node")).catch(
      () => undefined,
    );
    return project;
  };

  it("type-checks an ESM TypeScript consumer of evaluate, loadConfig, loadSuite and compare against the published types", async () => {
    const project = await consumer();
    await writeFile(
      join(project, "use.ts"),
      `import { evaluate, loadConfig, loadSuite, compare, type Report } from "devjudge";
const config = await loadConfig(process.argv[2]!);
const { report }: { report: Report } = await evaluate(config, { output: process.argv[3]! });
const suite = await loadSuite(config.suites[0]!);
const c = report.candidates[0]!;
console.log(JSON.stringify({
  tasks: suite.suite.tasks.length,
  candidate: c.name,
  coverage: c.coverage,
  reqMetI: c.metrics.reqMetI,
  compare: typeof compare,
}));
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["use.ts"],
      }),
    );
    const tsc = await execa(join(repoRoot, "node_modules/.bin/tsc"), ["-p", project], {
      cwd: project,
      reject: false,
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.exitCode).toBe(0);
  });

  it("evaluate() judges a demo task in-process and writes the run directory", async () => {
    const project = await consumer();
    await writeFile(
      join(project, "devjudge.yaml"),
      `suites: [${join(repoRoot, "tasks/demo/py-wordfreq-cli.yaml")}]\ncandidates:\n  - { name: ace, kind: dir, ` +
        `path: ` +
        `"${join(repoRoot, "seeds/workspaces/ace/{task}")}" }\n`,
    );
    await writeFile(
      join(project, "use.mjs"),
      `import { evaluate, loadConfig } from "devjudge";
const { report, paths, stopped } = await evaluate(await loadConfig("devjudge.yaml"), {
  output: "run/out",
  unsafeNoSandbox: ${!sandboxAvailable()},
});
console.log(JSON.stringify({
  stopped,
  report: paths.report,
  summary: paths.summary,
  coverage: report.candidates[0].coverage,
  reqMetI: report.candidates[0].metrics.reqMetI,
}));
`,
    );
    const r = await execa("node", ["use.mjs"], { cwd: project, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(out.stopped).toBe(false);
    expect(out.coverage).toMatchObject({ judged: 8, total: 8 });
    expect(out.reqMetI).toBeGreaterThan(50);
    expect(JSON.parse(await readFile(out.report, "utf8")).version).toBe(2);
    expect(await readFile(out.summary, "utf8")).toContain("ace");
  });
});

describe("devjudge in the clone", () => {
  it("`npx devjudge` runs this build (npm finds the package's own command), with nothing to install", async () => {
    // --offline: were it not found here, npx would fail instead of fetching a package of that name
    const r = await execa("npx", ["--offline", "devjudge", "--version"], {
      cwd: join(repoRoot, "tasks"),
      reject: false,
    });
    expect(r.stdout.trim()).toBe(version);
    expect(r.exitCode).toBe(0);
  });
});

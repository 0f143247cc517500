import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, tempDir } from "../../helpers/paths.js";

/**
 * devjudge as another project uses it: the packed tarball installed into a fresh ESM TypeScript
 * project, type-checked against the published types, and evaluate() run on the demo suite.
 */
describe("the library from its packed tarball", () => {
  let project: string;

  beforeAll(async () => {
    const packDir = await tempDir("devjudge-pack-");
    const packed = await execa("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: repoRoot });
    const tarball = join(packDir, packed.stdout.trim().split("\n").at(-1)!);
    project = await tempDir("devjudge-consumer-");
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // the dependencies come from npm's cache, which the repository's own install filled
    await execa("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, "@types/node@20.19.43"], { cwd: project });
  });

  it("type-checks an ESM TypeScript consumer against the published types", async () => {
    await writeFile(
      join(project, "use.ts"),
      `import { evaluate, loadConfig, loadSuite, compare, type Report } from "devjudge";
const config = await loadConfig(process.argv[2]!);
const { report }: { report: Report } = await evaluate(config, { output: process.argv[3]! });
const suite = await loadSuite(config.suites[0]!);
const c = report.candidates[0]!;
console.log(JSON.stringify({ tasks: suite.suite.tasks.length, candidate: c.name, coverage: c.coverage, reqMetI: c.metrics.reqMetI, compare: typeof compare }));
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] }, files: ["use.ts"] }),
    );
    const tsc = await execa(join(repoRoot, "node_modules/.bin/tsc"), ["-p", project], { cwd: project, reject: false });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.exitCode).toBe(0);
  });

  it("evaluate() judges the demo suite in-process and writes the run directory", async () => {
    await mkdir(join(project, "run"), { recursive: true });
    await writeFile(
      join(project, "devjudge.yaml"),
      `suites: [${join(repoRoot, "tasks/demo/py-wordfreq-cli.yaml")}]\ncandidates:\n  - { name: ace, kind: dir, path: "${join(repoRoot, "seeds/workspaces/ace/{task}")}" }\n`,
    );
    await writeFile(
      join(project, "use.mjs"),
      `import { evaluate, loadConfig } from "devjudge";
const { report, paths, stopped } = await evaluate(await loadConfig("devjudge.yaml"), { output: "run/out", unsafeNoSandbox: process.env.NO_BWRAP === "1" });
console.log(JSON.stringify({ stopped, report: paths.report, summary: paths.summary, coverage: report.candidates[0].coverage, reqMetI: report.candidates[0].metrics.reqMetI }));
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

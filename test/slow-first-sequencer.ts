import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take longest (each spends tens of seconds in real processes, terminals, browsers or
 * databases), started first so that neither of the two workers is left running one of them alone at
 * the end. Only for a clean clone: once vitest has timed a run (node_modules/.vite), its own order,
 * longest first by the last run, is used.
 */
const SLOWEST = [
  "test/harness/display/tmux.test.ts",
  "test/cli-install.test.ts",
  "test/reliability/faults.test.ts",
  "test/judges/llm-judges.test.ts",
  "test/harness/run/estimate-budget.test.ts",
  "test/reliability/batch.test.ts",
  "test/reliability/signals-crash.test.ts",
  "test/harness/run/resume.test.ts",
  "test/reliability/sandbox-escape.test.ts",
  "test/harness/history/postgres-history.test.ts",
  "test/harness/cli/run-demo.test.ts",
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = sorted.every((f) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`),
    );
    if (timed) return sorted;
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((s) => f.moduleId.endsWith(s));
      return i < 0 ? SLOWEST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDevaiTrajectory } from "../harness/trace/read-devai.js";
import { loadSuite } from "../harness/tasks/load-suite.js";
import { repoRoot } from "./helpers/paths.js";

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await sizeOf(p) : (await stat(p)).size;
  }
  return total;
}

describe("seeds", () => {
  it("stay small (< 2 MB)", async () => {
    expect(await sizeOf(join(repoRoot, "seeds"))).toBeLessThan(2 * 1024 * 1024);
  });

  it("have a workspace and a valid DevAI-format trajectory for every candidate and task", async () => {
    const { suite } = await loadSuite(join(repoRoot, "tasks/demo"));
    for (const candidate of ["ace", "halfway", "broken"]) {
      for (const task of suite.tasks) {
        expect((await stat(join(repoRoot, "seeds/workspaces", candidate, task.id))).isDirectory()).toBe(true);
        const trace = await readDevaiTrajectory(join(repoRoot, "seeds/trajectories", candidate, `${task.id}.json`));
        expect(trace.steps.length).toBeGreaterThan(0);
        expect(trace.steps[0]!.userMessage).toContain(task.query.trim().slice(0, 40));
      }
    }
  });
});

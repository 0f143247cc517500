import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pathsToHide } from "../../../harness/config/private-paths.js";
import { sandboxRoots } from "../../../harness/exec/sandbox-paths.js";
import { tempDir } from "../../helpers/paths.js";

describe("what a sandbox is shown", () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it("system folders and the extra ones, never a home folder from PATH, and no root inside another", async () => {
    const project = await tempDir();
    await mkdir(join(project, "node_modules", ".bin"), { recursive: true });
    // npm test's PATH: the project's node_modules/.bin first, then the usual
    process.env.PATH = [join(project, "node_modules", ".bin"), "/root/.cargo/bin", "/usr/local/bin", "/usr/bin"].join(
      ":",
    );
    const roots = sandboxRoots([project]);
    expect(roots).toContain("/usr");
    expect(roots).toContain(project);
    expect(roots).not.toContain(join(project, "node_modules", ".bin")); // shown by the project already
    expect(roots.some((r) => r === "/root" || r.startsWith("/root/") || r.startsWith("/home/"))).toBe(false);
  });

  it("hides the run, the output and cache folders, labels and the folders holding other candidates' workspaces and traces", () => {
    const hide = pathsToHide(
      {
        output: "/p/reports",
        cache: { enabled: true, dir: "/p/.devjudge/cache" },
        workDir: "/p/.devjudge/work",
        candidates: [
          {
            kind: "dir",
            name: "ace",
            path: "/p/seeds/workspaces/ace/{task}",
            trajectory: "/p/seeds/trajectories/ace/{task}.json",
            labels: "/p/seeds/labels/ace.yaml",
          },
        ],
      },
      "/out/run1",
    );
    expect(hide).toEqual([
      "/out/run1",
      "/p/reports",
      "/p/.devjudge/cache",
      "/p/.devjudge/work",
      "/p/seeds/labels/ace.yaml",
      "/p/seeds/workspaces/ace",
      "/p/seeds/trajectories/ace",
    ]);
  });
});

import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "./helpers/paths.js";

/** test/helpers/paths.ts as a test file sees it, with the shared data pointed at an empty folder. */
async function pathsWithoutData(ci: string | undefined) {
  const shared = await tempDir();
  vi.stubEnv("DEVJUDGE_TEST_SHARED_DIR", shared);
  vi.stubEnv("CI", ci);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.resetModules();
  return { paths: await import("./helpers/paths.js"), devaiDir: join(shared, "devai") };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe("tests that read ../shared/devai (they skip with skipDevai and read it through devai())", () => {
  it("fail in CI when the data is absent, saying where it is expected", async () => {
    const { paths, devaiDir } = await pathsWithoutData("true");
    expect(paths.hasDevai).toBe(false);
    expect(paths.skipDevai).toBe(false);
    expect(() => paths.devai()).toThrow(
      `DevAI data not found at ${devaiDir}: it is expected at ../shared/devai beside the repo (or ` +
        `$DEVJUDGE_TEST_SHARED_DIR/devai)`,
    );
  });

  it("skip outside CI (CI unset, or 0/false), saying why", async () => {
    for (const ci of [undefined, "false", "0"]) {
      const { paths, devaiDir } = await pathsWithoutData(ci);
      expect(paths.skipDevai).toBe(true);
      expect(paths.SKIP_DEVAI).toBe(
        `DevAI data not found at ${devaiDir} (../shared/devai beside the repo); skipping the tests that read it`,
      );
      expect(console.warn).toHaveBeenCalledWith(paths.SKIP_DEVAI);
    }
  });
});

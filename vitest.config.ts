import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./test/slow-first-sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/global-setup.ts"],
    // CI is a 2-core machine that may be loaded: no test may fail because it was slow. Ten minutes
    // only stops a test that hangs; speed goals live in bench/.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    sequence: { sequencer: SlowFirstSequencer },
  },
});

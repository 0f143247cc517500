import { availableParallelism } from "node:os";
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
    // vitest's default is a worker per core but one: on the 2-core CI machine that is one, and every file
    // ran after the other while using about two thirds of a core (the rest is waiting on child processes,
    // sandboxes, browsers and the checks' sleeps). A second worker overlaps that waiting.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFirstSequencer },
  },
});

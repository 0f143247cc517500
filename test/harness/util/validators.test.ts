import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import configSchema from "../../../harness/config/config.schema.json" with { type: "json" };
import taskSchema from "../../../tasks/schema/task.schema.json" with { type: "json" };
import { validateConfig, validateTask } from "../../../harness/util/validators.js";
import { makeAjv } from "../../../scripts/gen-validators.js";
import { repoRoot } from "../../helpers/paths.js";

const errorsOf = (
  errors: { instancePath: string; keyword: string; params: unknown; message?: string }[] | null | undefined,
) =>
  (errors ?? []).map((e) => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
    params: e.params,
    message: e.message,
  }));

describe("the validators compiled ahead of time (scripts/gen-validators.ts)", () => {
  const task = makeAjv().compile(taskSchema);
  const config = makeAjv().compile(configSchema);

  it("give the same answers and errors as compiling the schemas at run time", () => {
    const demo = readdirSync(join(repoRoot, "tasks/demo"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => parse(readFileSync(join(repoRoot, "tasks/demo", f), "utf8")) as Record<string, unknown>);
    const broken: unknown[] = [
      {},
      { id: "t", query: 5, requirements: [] },
      {
        id: "bad id!",
        query: "q",
        requirements: [{ id: 0, criteria: "c", category: "x", checks: [{ contains: { path: "a", pattern: "(" } }] }],
      },
      {
        id: "t",
        query: "q",
        requirements: [{ id: 0, criteria: "c", category: "x", extra: true, checks: [{ nope: 1 }] }],
      },
      { ...demo[0], requirements: "none" },
    ];
    for (const doc of [...demo, ...broken]) {
      expect(validateTask(doc)).toBe(task(doc));
      expect(errorsOf(validateTask.errors)).toEqual(errorsOf(task.errors));
    }
    expect(broken.some((d) => !validateTask(d) && validateTask.errors!.some((e) => e.keyword === "format"))).toBe(true);
    for (const doc of [{ suites: ["s"], candidates: [] }, { suites: 3 }, { judge: { name: "nobody" } }]) {
      expect(validateConfig(doc)).toBe(config(doc));
      expect(errorsOf(validateConfig.errors)).toEqual(errorsOf(config.errors));
    }
  });
});

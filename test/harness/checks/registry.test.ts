import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { checkDefinitions, type Check, type CheckKind } from "../../../harness/checks/index.js";
import { resolveConfig } from "../../../harness/config/load-config.js";
import { runsUntrustedCommands } from "../../../harness/evaluate.js";
import { outsidePaths } from "../../../harness/tasks/check-paths.js";
import type { Task } from "../../../harness/tasks/types.js";
import { schemaProblems } from "../../../harness/util/schema-check.js";
import { validateTask } from "../../../harness/util/validators.js";
import { TASK_SCHEMA_FILE, taskSchema } from "../../../scripts/gen-task-schema.js";
import { repoRoot } from "../../helpers/paths.js";

// A check kind is one file in harness/checks/ listed in checkDefinitions: everything else that
// knows the kinds must follow from that list.
const kinds = checkDefinitions.map((d) => d.kind);
const taskWith = (checks: unknown[]) => ({
  id: "t",
  query: "q",
  requirements: [{ id: 0, criteria: "c", category: "x", checks }],
});

describe("the check kinds of harness/checks/", () => {
  it("are the task schema's, fragment for fragment, in the committed file too (else: npm run gen:schema)", () => {
    const committed = JSON.parse(readFileSync(TASK_SCHEMA_FILE, "utf8"));
    expect(Object.keys(committed.definitions.check.properties)).toEqual(kinds);
    for (const d of checkDefinitions) expect(committed.definitions.check.properties[d.kind]).toEqual(d.schema);
    // the rest of the file is kept as it is, key order included
    expect(JSON.stringify(committed)).toBe(JSON.stringify(taskSchema()));
  });

  it("are the ones the compiled validator knows, and the ones its messages list", () => {
    const problems = (check: unknown) => schemaProblems(validateTask, taskWith([check])).map((p) => p.message);
    expect(problems({ nope: 1 })).toEqual([`unknown check kind 'nope' (expected one of: ${kinds.join(", ")})`]);
    expect(problems({})).toEqual([`a check needs one kind (${kinds.join(", ")})`]);
    // every kind is known: a wrong value is its own complaint, never an unknown kind
    for (const kind of kinds) {
      const said = problems({ [kind]: 12345 });
      expect(said.length, kind).toBeGreaterThan(0);
      expect(said.join("\n")).not.toContain("unknown check kind");
    }
  });

  it("are the kinds of the TypeScript type Check, one key each", () => {
    type KeyOfEach<C> = C extends unknown ? keyof C : never;
    expectTypeOf<KeyOfEach<Check>>().toEqualTypeOf<CheckKind>();
    expectTypeOf<CheckKind>().toEqualTypeOf<(typeof checkDefinitions)[number]["kind"]>();
    expectTypeOf<{ command: { run: string; stdout: { pattern: string } } }>().toExtend<Check>();
    expectTypeOf<{ command: { path: string } }>().not.toExtend<Check>();
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("decide by runsUntrusted whether a run needs the sandbox", () => {
    const config = (judge: Record<string, unknown>) =>
      resolveConfig({ suites: [], candidates: [{ kind: "dir", name: "a", path: "a/{task}" }], judge }, repoRoot);
    const task = (check: Check) => ({ requirements: [{ checks: [check] }] }) as unknown as Task;
    expect(checkDefinitions.some((d) => d.runsUntrusted)).toBe(true);
    expect(checkDefinitions.some((d) => !d.runsUntrusted)).toBe(true);
    for (const d of checkDefinitions) {
      const check = { [d.kind]: {} } as Check;
      expect(runsUntrustedCommands(config({ name: "static" }), [task(check)]), d.kind).toBe(d.runsUntrusted);
      // a judge that runs no checks runs nothing of the workspace's
      expect(runsUntrustedCommands(config({ name: "llm", static_first: false }), [task(check)]), d.kind).toBe(false);
    }
  });

  it("decide by namesPath whether loading refuses a path that leaves the workspace", () => {
    for (const d of checkDefinitions) {
      const found = outsidePaths(taskWith([{ [d.kind]: "/etc/passwd" }, { [d.kind]: { path: "../x" } }]));
      expect(found.length, d.kind).toBe(d.namesPath ? 2 : 0);
    }
  });
});

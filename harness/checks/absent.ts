import { matchPaths } from "../workspace/paths.js";
import { defineCheck, type CheckEnv, type CheckResult } from "./define.js";

const schema = {
  description: "No file or directory matches the path or glob.",
  $ref: "#/definitions/relPath",
};

export const absent = defineCheck({ kind: "absent", schema, runsUntrusted: false, namesPath: true, run });

async function run(path: string, env: CheckEnv): Promise<CheckResult> {
  const found = await matchPaths(env.workspace, path);
  if (found.length === 0) return { pass: true, message: `${path} is absent`, evidence: [] };
  const names = found.slice(0, 5).map((m) => m.path);
  return {
    pass: false,
    message:
      `${path} should be absent but ${found.length} match(es): ` +
      `${names.join(", ")}${found.length > 5 ? ", …" : ""}`,
    evidence: names.map((p) => ({ kind: "file" as const, path: p })),
  };
}

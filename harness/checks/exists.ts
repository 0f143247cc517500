import { matchPaths } from "../workspace/paths.js";
import { defineCheck, type CheckEnv, type CheckResult } from "./define.js";

export type ExistsSpec = string | { path: string; min_bytes?: number; min_count?: number };

const schema = {
  description: "A file or directory (path or glob) exists; with min_bytes, a matching file is at least that big.",
  type: ["string", "object"],
  minLength: 1,
  required: ["path"],
  additionalProperties: false,
  properties: {
    path: { $ref: "#/definitions/relPath" },
    min_bytes: { type: "integer", minimum: 0 },
    min_count: { type: "integer", minimum: 1 },
  },
};

export const exists = defineCheck({ kind: "exists", schema, runsUntrusted: false, namesPath: true, run });

async function run(spec: ExistsSpec, env: CheckEnv): Promise<CheckResult> {
  const { path, min_bytes, min_count = 1 } = typeof spec === "string" ? { path: spec } : spec;
  const all = await matchPaths(env.workspace, path);
  const counted = min_bytes === undefined ? all : all.filter((m) => m.isFile && m.size >= min_bytes);
  const pass = counted.length >= min_count;
  const evidence = counted.slice(0, 20).map((m) => ({ kind: "file" as const, path: m.path }));
  const size = min_bytes === undefined ? "" : ` of at least ${min_bytes} bytes`;
  if (pass) return { pass, message: `${path}: ${counted.length} match(es)${size}`, evidence };
  if (all.length > counted.length) {
    return {
      pass,
      message: `${path}: ${all.length} match(es) but ${counted.length} ${size.trim()} (need ${min_count})`,
      evidence: all.slice(0, 20).map((m) => ({ kind: "file" as const, path: m.path })),
    };
  }
  return {
    pass,
    message: min_count > 1 ? `${path}: ${counted.length} match(es), need ${min_count}` : `${path} does not exist`,
    evidence,
  };
}

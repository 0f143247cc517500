import { matchPaths } from "../../../harness/workspace/paths.js";
import type { CheckHandler } from "./types.js";

export const absent: CheckHandler<string> = async (path, env) => {
  const found = await matchPaths(env.workspace, path);
  if (found.length === 0) return { pass: true, message: `${path} is absent`, evidence: [] };
  const names = found.slice(0, 5).map((m) => m.path);
  return {
    pass: false,
    message: `${path} should be absent but ${found.length} match(es): ${names.join(", ")}${found.length > 5 ? ", …" : ""}`,
    evidence: names.map((p) => ({ kind: "file" as const, path: p })),
  };
};

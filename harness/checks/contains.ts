import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { matchPaths } from "../workspace/paths.js";
import { defineCheck, type CheckEnv, type CheckResult } from "./define.js";

const MAX_BYTES = 8 * 1024 * 1024;

export interface ContainsSpec {
  path: string;
  pattern: string;
  flags?: string;
}

const schema = {
  description:
    "A file matching path (or glob) matches the regular expression, searched over the whole file text " +
    "(use the m flag for ^ and $ per line).",
  type: "object",
  required: ["path", "pattern"],
  additionalProperties: false,
  properties: {
    path: { $ref: "#/definitions/relPath" },
    pattern: { type: "string", minLength: 1, format: "regex" },
    flags: { type: "string", pattern: "^[imsu]*$" },
  },
};

export const contains = defineCheck({ kind: "contains", schema, runsUntrusted: false, namesPath: true, run });

/** Line number (1-based) of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

async function run(spec: ContainsSpec, env: CheckEnv): Promise<CheckResult> {
  const re = new RegExp(spec.pattern, (spec.flags ?? "").replace(/g/g, ""));
  const files = (await matchPaths(env.workspace, spec.path)).filter((m) => m.isFile);
  if (files.length === 0) return { pass: false, message: `${spec.path} does not exist`, evidence: [] };
  let skipped = 0;
  for (const f of files) {
    if (f.size > MAX_BYTES) {
      skipped++;
      continue;
    }
    const text = (await readFile(join(env.workspace, f.path))).toString("utf8");
    const m = re.exec(text);
    if (!m) continue;
    const startLine = lineAt(text, m.index);
    const endLine = startLine + (m[0].match(/\n/g)?.length ?? 0);
    const excerpt = text
      .split("\n")
      .slice(startLine - 1, Math.min(endLine, startLine + 4))
      .join("\n")
      .slice(0, 400);
    return {
      pass: true,
      message: `/${spec.pattern}/ found in ${f.path}:${startLine}`,
      evidence: [{ kind: "file", path: f.path, startLine, endLine, excerpt }],
    };
  }
  const where = files.length === 1 ? files[0]!.path : `${files.length} files matching ${spec.path}`;
  const note = skipped ? ` (${skipped} file(s) over ${MAX_BYTES / 1024 / 1024} MiB not searched)` : "";
  return {
    pass: false,
    message: `/${spec.pattern}/ not found in ${where}${note}`,
    evidence: files.slice(0, 5).map((f) => ({ kind: "file" as const, path: f.path })),
  };
}

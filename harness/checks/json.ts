import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { matchPaths } from "../workspace/paths.js";
import { defineCheck, type CheckEnv, type CheckResult } from "./define.js";

export interface JsonSpec {
  path: string;
  pointer: string;
  equals?: unknown;
  min?: number;
  max?: number;
  present?: boolean;
}

const schema = {
  description: "A JSON (or YAML) file has a value at a JSON pointer that equals a value or lies within min/max.",
  type: "object",
  required: ["path", "pointer"],
  additionalProperties: false,
  anyOf: [{ required: ["equals"] }, { required: ["min"] }, { required: ["max"] }, { required: ["present"] }],
  properties: {
    path: { $ref: "#/definitions/relPath" },
    pointer: { type: "string", pattern: "^(/.*)?$" },
    equals: {},
    min: { type: "number" },
    max: { type: "number" },
    present: { type: "boolean" },
  },
};

export const json = defineCheck({ kind: "json", schema, runsUntrusted: false, namesPath: true, run });

/** RFC 6901 JSON pointer lookup; `found` tells a missing value from a null one. */
export function resolvePointer(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === "") return { found: true, value: doc };
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < cur.length) cur = cur[Number(key)];
    else if (cur !== null && typeof cur === "object" && !Array.isArray(cur) && Object.hasOwn(cur, key))
      cur = (cur as Record<string, unknown>)[key];
    else return { found: false };
  }
  return { found: true, value: cur };
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

async function run(spec: JsonSpec, env: CheckEnv): Promise<CheckResult> {
  const [file] = (await matchPaths(env.workspace, spec.path)).filter((m) => m.isFile);
  if (!file) return { pass: false, message: `${spec.path} does not exist`, evidence: [] };
  const text = await readFile(join(env.workspace, file.path), "utf8");
  const evidence = [{ kind: "file" as const, path: file.path }];
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(file.path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    return {
      pass: false,
      message:
        `${file.path} is not valid ${/\.ya?ml$/i.test(file.path) ? "YAML" : "JSON"}: ` +
        (e as Error).message.split("\n")[0],
      evidence,
    };
  }
  const at = `${file.path}#${spec.pointer}`;
  const { found, value } = resolvePointer(doc, spec.pointer);
  if (spec.present === false)
    return { pass: !found, message: found ? `${at} is present (${show(value)})` : `${at} is absent`, evidence };
  if (!found) return { pass: false, message: `${at} is missing`, evidence };
  const fails: string[] = [];
  if ("equals" in spec && !isDeepStrictEqual(value, spec.equals)) fails.push(`expected ${show(spec.equals)}`);
  if (spec.min !== undefined || spec.max !== undefined) {
    if (typeof value !== "number") fails.push("expected a number");
    else {
      if (spec.min !== undefined && value < spec.min) fails.push(`expected >= ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) fails.push(`expected <= ${spec.max}`);
    }
  }
  return fails.length
    ? { pass: false, message: `${at} is ${show(value)}, ${fails.join(", ")}`, evidence }
    : { pass: true, message: `${at} is ${show(value)}`, evidence };
}

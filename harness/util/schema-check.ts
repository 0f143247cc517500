import type { ErrorObject, ValidateFunction } from "ajv";
import type { Diagnostic } from "../core/diagnostics.js";
import { formatPath, locate, pointerSegments, type YamlSource } from "./yaml-source.js";

import { regexError } from "./regex-error.js";

/** Runs a compiled schema over a parsed YAML value; each error points at its node's line and column. */
export function schemaDiagnostics(
  validate: ValidateFunction,
  value: unknown,
  src: YamlSource,
  base: (string | number)[] = [],
): Diagnostic[] {
  return schemaProblems(validate, value).map(({ path, onKey, message }) => {
    const full = [...base, ...path];
    const { line, col } = locate(src, full, onKey);
    return { file: src.file, line, col, path: formatPath(full), message, severity: "error" };
  });
}

/** The schema's complaints about a value, each at its path in the value, said as a person would. */
export function schemaProblems(
  validate: ValidateFunction,
  value: unknown,
): { path: (string | number)[]; onKey: boolean; message: string }[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  return dropAnyOfBranches(validate.errors ?? [])
    .map(describe)
    .filter(({ path, message }) => {
      const key = `${formatPath(path)}|${message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** An anyOf reports every branch's failure; keep only the anyOf itself, said plainly. */
function dropAnyOfBranches(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === "anyOf");
  return errors.filter(
    (e) =>
      e.keyword === "anyOf" ||
      !anyOfs.some((a) => e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath === a.instancePath),
  );
}

function describe(err: ErrorObject): { path: (string | number)[]; onKey: boolean; message: string } {
  const path = pointerSegments(err.instancePath);
  const p = err.params as Record<string, unknown>;
  const parent = err.parentSchema as { properties?: Record<string, unknown>; description?: string } | undefined;
  const inCheck = path.length >= 2 && path[path.length - 2] === "checks";
  // inside a check the schema's properties are the check kinds: harness/checks/ wrote them there
  // (this layer is below it and does not import it)
  switch (err.keyword) {
    case "required":
      return { path, onKey: false, message: `missing required field '${p.missingProperty}'` };
    case "additionalProperties": {
      const known = Object.keys(parent?.properties ?? {});
      const what = inCheck ? "unknown check kind" : "unknown field";
      const hint = known.length ? ` (expected one of: ${known.join(", ")})` : "";
      return {
        path: [...path, String(p.additionalProperty)],
        onKey: true,
        message: `${what} '${p.additionalProperty}'${hint}`,
      };
    }
    case "type":
      return { path, onKey: false, message: `expected ${[p.type].flat().join(" or ")}, got ${typeName(err.data)}` };
    case "minProperties":
      return {
        path,
        onKey: false,
        message: inCheck
          ? `a check needs one kind (${Object.keys(parent?.properties ?? {}).join(", ")})`
          : `must have at least ${p.limit} field(s)`,
      };
    case "maxProperties": {
      const keys = Object.keys((err.data ?? {}) as object).join(", ");
      return {
        path,
        onKey: false,
        message: inCheck ? `a check has exactly one kind, found: ${keys}` : `must have at most ${p.limit} field(s)`,
      };
    }
    case "minItems":
      return { path, onKey: false, message: `must have at least ${p.limit} item(s)` };
    case "minLength":
      return {
        path,
        onKey: false,
        message: p.limit === 1 ? "must not be empty" : `must be at least ${p.limit} characters`,
      };
    case "pattern":
      return { path, onKey: false, message: `'${String(err.data)}' does not match ${p.pattern}` };
    case "format":
      if (p.format === "regex")
        return { path, onKey: false, message: `invalid regular expression: ${regexError(String(err.data))}` };
      return { path, onKey: false, message: `must be a valid ${p.format}` };
    case "anyOf": {
      const alts = (err.schema as { required?: string[] }[]).map((s) => s.required?.[0]).filter(Boolean);
      return {
        path,
        onKey: false,
        message: alts.length ? `needs one of: ${alts.join(", ")}` : (parent?.description ?? "matches no allowed form"),
      };
    }
    case "discriminator": {
      const hint = parent?.description ? ` (${parent.description})` : "";
      if (p.error === "mapping")
        return {
          path: [...path, String(p.tag)],
          onKey: false,
          message: `unknown ${p.tag} '${String(p.tagValue)}'${hint}`,
        };
      return { path, onKey: false, message: `missing or invalid '${p.tag}'${hint}` };
    }
    case "enum":
      return { path, onKey: false, message: `must be one of: ${(p.allowedValues as unknown[]).join(", ")}` };
    default:
      return { path, onKey: false, message: err.message ?? err.keyword };
  }
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (Number.isInteger(v)) return "integer";
  return typeof v;
}

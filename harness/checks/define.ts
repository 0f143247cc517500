import type { Evidence } from "../core/verdict.js";

export interface CheckResult {
  pass: boolean;
  /** One line a person reads: what was looked at and what was found. */
  message: string;
  evidence: Evidence[];
}

export interface CheckEnv {
  workspace: string;
  signal: AbortSignal;
}

/**
 * Everything about one check kind. `Spec` is the value under the kind's key in a task
 * (`exists: <Spec>`); it is declared beside `schema`, the JSON Schema of the same value.
 */
export interface CheckDefinition<Kind extends string = string, Spec = unknown> {
  kind: Kind;
  /**
   * The spec's JSON Schema, placed under `definitions.check.properties.<kind>` of the task schema
   * (so `$ref`s resolve there: `#/definitions/relPath` is a workspace path or glob).
   */
  schema: Record<string, unknown>;
  /** It runs the workspace's code: a run with such a check needs the sandbox (or --unsafe-no-sandbox). */
  runsUntrusted: boolean;
  /** The spec (a string, or its `path` field) is a workspace path: loading refuses one that leaves the workspace. */
  namesPath: boolean;
  /** A small pure-ish async function; it throws only when the check cannot run. */
  run(spec: Spec, env: CheckEnv): Promise<CheckResult>;
}

/** Declares a check kind; its kind and spec type are inferred from the definition. */
export function defineCheck<Kind extends string, Spec>(
  definition: CheckDefinition<Kind, Spec>,
): CheckDefinition<Kind, Spec> {
  return definition;
}

/** A check as a task writes it, `{ <kind>: spec }`, for each definition of a union. */
export type CheckOf<D> = D extends CheckDefinition<infer Kind, infer Spec> ? { [K in Kind]: Spec } : never;

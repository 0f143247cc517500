import { absent } from "./absent.js";
import { command } from "./command.js";
import { contains } from "./contains.js";
import type { CheckDefinition, CheckEnv, CheckOf, CheckResult } from "./define.js";
import { exists } from "./exists.js";
import { json } from "./json.js";

/**
 * Every check kind, in the order the task schema and its messages list them. A new kind is a file
 * in this folder (made with `defineCheck`) and its line here; `Check`, the task schema
 * (`npm run gen:schema`), the schema's messages and the sandbox decision follow from it.
 */
export const checkDefinitions = [exists, absent, contains, json, command] as const;

type AnyDefinition = (typeof checkDefinitions)[number];
export type CheckKind = AnyDefinition["kind"];
/** A deterministic check as a task writes it: an object with exactly one key naming its kind. */
export type Check = CheckOf<AnyDefinition>;

const byKind = new Map<string, CheckDefinition>(checkDefinitions.map((d) => [d.kind, d as CheckDefinition]));

/** The definition of a kind named in a task, or undefined for a name that is no kind. */
export function definitionOfKind(kind: string): CheckDefinition | undefined {
  return byKind.get(kind);
}

export function checkKind(check: Check): CheckKind {
  return Object.keys(check)[0] as CheckKind;
}

function definitionOf(check: Check): CheckDefinition {
  const kind = checkKind(check);
  const definition = byKind.get(kind);
  if (!definition) throw new Error(`unknown check kind '${kind}'`);
  return definition;
}

/** Whether the check runs the workspace's code (and so needs the sandbox). */
export function runsUntrusted(check: Check): boolean {
  return definitionOf(check).runsUntrusted;
}

export function runCheck(check: Check, env: CheckEnv): Promise<CheckResult> {
  return definitionOf(check).run((check as Record<string, unknown>)[checkKind(check)], env);
}

export type { CheckDefinition, CheckEnv, CheckResult };

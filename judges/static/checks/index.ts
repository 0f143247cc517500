import type { Check, CheckKind } from "../../../harness/tasks/types.js";
import { absent } from "./absent.js";
import { command } from "./command.js";
import { contains } from "./contains.js";
import { exists } from "./exists.js";
import { json } from "./json.js";
import type { CheckEnv, CheckHandler, CheckResult } from "./types.js";

/** One handler per check kind; a new kind is a new file here plus a line in the task schema. */
export const checkHandlers: Record<CheckKind, CheckHandler<never>> = { exists, absent, contains, json, command };

export function checkKind(check: Check): CheckKind {
  return Object.keys(check)[0] as CheckKind;
}

export function runCheck(check: Check, env: CheckEnv): Promise<CheckResult> {
  const kind = checkKind(check);
  const spec = (check as Record<string, unknown>)[kind];
  return (checkHandlers[kind] as CheckHandler<unknown>)(spec, env);
}

export type { CheckEnv, CheckResult };

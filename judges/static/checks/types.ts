import type { Evidence } from "../../types.js";

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

/** A check handler is a small pure-ish async function; it throws only when the check cannot run. */
export type CheckHandler<Spec> = (spec: Spec, env: CheckEnv) => Promise<CheckResult>;

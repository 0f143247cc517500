import type { VerdictStatus } from "../core/verdict.js";

/** Why a verdict changed between two runs: (a) the agent's work, (b) the judge, (c) neither — judge noise. */
export type ChangeClass = "agent" | "judge" | "noise" | "unknown";

export const CLASS_LABEL: Record<ChangeClass, string> = {
  agent: "(a) the agent's work changed",
  judge: "(b) the judge changed",
  noise: "(c) judge noise",
  unknown: "unknown (a workspace was not hashed)",
};

export interface Side {
  status: VerdictStatus;
  workspaceHash: string | null;
  judgeHash: string;
  suiteHash: string;
}

/** Classifies a change between two verdicts on one requirement (a changed workspace wins over a changed judge). */
export function classify(from: Side, to: Side): ChangeClass {
  const known = from.workspaceHash !== null && to.workspaceHash !== null;
  if (known && from.workspaceHash !== to.workspaceHash) return "agent";
  if (from.judgeHash !== to.judgeHash || from.suiteHash !== to.suiteHash) return "judge";
  return known ? "noise" : "unknown";
}

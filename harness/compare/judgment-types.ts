import type { VerdictStatus } from "../core/verdict.js";
import type { ItemId } from "../tasks/types.js";

/** A requirement as one side of a comparison saw it; labels files know neither category nor prerequisites. */
export interface SetRequirement {
  id: ItemId;
  status: VerdictStatus;
  category?: string;
  prerequisites?: ItemId[];
}

export interface SetTask {
  task: string;
  requirements: SetRequirement[];
  preferences: { id: ItemId; status: VerdictStatus }[];
  selfTerminated?: boolean;
}

/** One candidate's verdicts (or human labels) from a report, a labels file or a DevAI judgment folder. */
export interface JudgmentSet {
  /** How it is shown: `OpenHands · agent_as_a_judge/gray_box`, `ace · static`. */
  name: string;
  source: string;
  candidate?: string;
  judge?: string;
  tasks: SetTask[];
}

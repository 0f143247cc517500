import type { JudgeConfig } from "../harness/config/types.js";
import { StaticJudge } from "./static/index.js";
import type { Judge } from "./types.js";

export class JudgeUnavailableError extends Error {}

/** The judge a run's configuration names. */
export function createJudge(config: JudgeConfig): Judge {
  switch (config.name) {
    case "static":
      return new StaticJudge();
    default:
      throw new JudgeUnavailableError(`the '${config.name}' judge is not part of this build yet; use --judge static`);
  }
}

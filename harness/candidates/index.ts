import type { CandidateConfig } from "../config/types.js";
import { CommandSource } from "./command.js";
import { DirSource } from "./dir.js";
import { GitSource } from "./git.js";
import type { CandidateSource } from "./types.js";

export function candidateSource(config: CandidateConfig): CandidateSource {
  switch (config.kind) {
    case "dir":
      return new DirSource(config);
    case "git":
      return new GitSource(config);
    case "command":
      return new CommandSource(config);
  }
}

export type JudgeName = "static" | "llm" | "agent";

export interface DirCandidate {
  name: string;
  kind: "dir";
  /** Absolute path template with `{task}`. */
  path: string;
  trajectory?: string;
  labels?: string;
}

export type CandidateConfig = DirCandidate;

export interface Config {
  /** The file it was read from, if any. */
  file?: string;
  suites: string[];
  output: string;
  concurrency: number;
  judge: { name: JudgeName };
  candidates: CandidateConfig[];
}

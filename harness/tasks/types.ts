import type { Check } from "../checks/index.js";

/** A requirement or preference id: DevAI uses integers, our own suites may use slugs. */
export type ItemId = number | string;

/** Check kinds live in harness/checks/, one file each; `Check` is the union of their shapes. */
export type { Check, CheckKind } from "../checks/index.js";

/** Where a node came from, so later errors (and reports) can point back at the YAML. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export interface Requirement {
  id: ItemId;
  criteria: string;
  category: string;
  prerequisites: ItemId[];
  checks: Check[];
  source?: SourceLocation;
}

export interface Preference {
  id: ItemId;
  criteria: string;
  source?: SourceLocation;
}

export interface TaskFlags {
  trainingNeeded: boolean;
  kaggleApiNeeded: boolean;
  webNavigationNeeded: boolean;
}

export interface Task {
  id: string;
  name: string;
  query: string;
  constraints?: string;
  tags: string[];
  requirements: Requirement[];
  preferences: Preference[];
  flags: TaskFlags;
  source: SourceLocation;
}

export interface Suite {
  /** The path the suite was loaded from (a folder or a file). */
  path: string;
  tasks: Task[];
}

/** The key under which an item is matched across reports and labels. */
export const itemKey = (id: ItemId): string => String(id);

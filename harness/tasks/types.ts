/** A requirement or preference id: DevAI uses integers, our own suites may use slugs. */
export type ItemId = number | string;

export type Check =
  | { exists: string | { path: string; min_bytes?: number; min_count?: number } }
  | { absent: string }
  | { contains: { path: string; pattern: string; flags?: string } }
  | {
      json: { path: string; pointer: string; equals?: unknown; min?: number; max?: number; present?: boolean };
    }
  | {
      command: {
        run: string;
        exit_code?: number;
        timeout?: number;
        stdout?: string | { pattern: string; flags?: string };
      };
    };

export type CheckKind = "exists" | "absent" | "contains" | "json" | "command";

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

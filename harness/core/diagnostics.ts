/** One problem found in an input file, printed as `file:line:col path: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  /** Where in the document, e.g. `requirements[2].prerequisites[0]`; empty for the whole file. */
  path: string;
  message: string;
  severity: "error" | "warning";
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}`;
  const tag = d.severity === "warning" ? "warning: " : "";
  return d.path ? `${where} ${tag}${d.path}: ${d.message}` : `${where} ${tag}${d.message}`;
}

/** An error about a whole file (one that has no line to point at: missing, unreadable, the wrong kind). */
export const fileError = (file: string, message: string, path = ""): Diagnostic => ({
  file,
  line: 1,
  col: 1,
  path,
  message,
  severity: "error",
});

export const hasErrors = (ds: Diagnostic[]) => ds.some((d) => d.severity === "error");

/** Thrown where input is bad enough that nothing can go on; carries every diagnostic found. */
export class InputError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    summary?: string,
  ) {
    super(
      summary ??
        diagnostics
          .filter((d) => d.severity === "error")
          .map(formatDiagnostic)
          .join("\n"),
    );
    this.name = "InputError";
  }
}

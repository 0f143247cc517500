import { makeAjv } from "../harness/util/schema-check.js";
import type { Evidence, VerdictStatus } from "./types.js";

/**
 * What an LLM judge answers, as an OpenAI strict JSON schema (every field required, nullable
 * where it may be absent). Parsed and checked by us again: a reply that does not fit is an error.
 */
export const VERDICT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["status", "reason", "evidence"],
  properties: {
    status: { type: "string", enum: ["satisfied", "unsatisfied", "undecided"], description: "undecided only when the evidence cannot settle it" },
    reason: { type: "string", description: "One or two sentences: why, pointing at the evidence." },
    evidence: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["path", "start_line", "end_line", "step", "quote"],
        properties: {
          path: { type: ["string", "null"], description: "Workspace-relative file, or null for a trace step." },
          start_line: { type: ["integer", "null"] },
          end_line: { type: ["integer", "null"] },
          step: { type: ["integer", "null"], description: "Trace step number, or null." },
          quote: { type: ["string", "null"], description: "A short excerpt." },
        },
      },
    },
  },
} as const;

export interface ModelVerdict {
  status: Exclude<VerdictStatus, "error" | "skipped">;
  reason: string;
  evidence: Evidence[];
}

const check = makeAjv().compile(VERDICT_SCHEMA);

export class VerdictFormatError extends Error {
  override name = "VerdictFormatError";
}

/** The model's JSON as a verdict; throws VerdictFormatError when it does not fit the schema. */
export function parseModelVerdict(json: unknown): ModelVerdict {
  if (!check(json)) {
    const e = check.errors?.[0];
    throw new VerdictFormatError(`the model's verdict does not fit the schema: ${e ? `${e.instancePath || "(root)"} ${e.message}` : "no JSON"}`);
  }
  const v = json as { status: ModelVerdict["status"]; reason: string; evidence: { path: string | null; start_line: number | null; end_line: number | null; step: number | null; quote: string | null }[] };
  const evidence: Evidence[] = v.evidence.slice(0, 10).flatMap((e): Evidence[] => {
    const excerpt = e.quote ? e.quote.slice(0, 500) : undefined;
    if (e.path) {
      const start = e.start_line && e.start_line > 0 ? e.start_line : undefined;
      const end = start && e.end_line && e.end_line >= start ? e.end_line : start;
      return [{ kind: "file", path: e.path, ...(start ? { startLine: start, endLine: end } : {}), ...(excerpt ? { excerpt } : {}) }];
    }
    if (e.step !== null && e.step >= 0) return [{ kind: "trace", step: e.step, ...(excerpt ? { excerpt } : {}) }];
    return excerpt ? [{ kind: "note", text: excerpt }] : [];
  });
  return { status: v.status, reason: v.reason, evidence };
}

import { validateVerdict as check } from "../harness/util/validators.js";
import VERDICT_SCHEMA from "./verdict.schema.json" with { type: "json" };
import type { Evidence, VerdictStatus } from "./types.js";

/**
 * What an LLM judge answers, as an OpenAI strict JSON schema (every field required, nullable
 * where it may be absent): verdict.schema.json. Parsed and checked by us again: a reply that does
 * not fit is an error.
 */
export { VERDICT_SCHEMA };

export interface ModelVerdict {
  status: Exclude<VerdictStatus, "error" | "skipped">;
  reason: string;
  evidence: Evidence[];
}

export class VerdictFormatError extends Error {
  override name = "VerdictFormatError";
}

/** The model's JSON as a verdict; throws VerdictFormatError when it does not fit the schema. */
export function parseModelVerdict(json: unknown): ModelVerdict {
  if (!check(json)) {
    const e = check.errors?.[0];
    throw new VerdictFormatError(
      `the model's verdict does not fit the schema: ${e ? `${e.instancePath || "(root)"} ${e.message}` : "no JSON"}`,
    );
  }
  const v = json as {
    status: ModelVerdict["status"];
    reason: string;
    evidence: {
      path: string | null;
      start_line: number | null;
      end_line: number | null;
      step: number | null;
      quote: string | null;
    }[];
  };
  const evidence: Evidence[] = v.evidence.slice(0, 10).flatMap((e): Evidence[] => {
    const excerpt = e.quote ? e.quote.slice(0, 500) : undefined;
    if (e.path) {
      const start = e.start_line && e.start_line > 0 ? e.start_line : undefined;
      const end = start && e.end_line && e.end_line >= start ? e.end_line : start;
      return [
        {
          kind: "file",
          path: e.path,
          ...(start ? { startLine: start, endLine: end } : {}),
          ...(excerpt ? { excerpt } : {}),
        },
      ];
    }
    if (e.step !== null && e.step >= 0) return [{ kind: "trace", step: e.step, ...(excerpt ? { excerpt } : {}) }];
    return excerpt ? [{ kind: "note", text: excerpt }] : [];
  });
  return { status: v.status, reason: v.reason, evidence };
}

/**
 * A tiny scripted "judge brain": rules that answer structured-output (verdict) requests with a
 * JSON object built from a decision function. The verdict JSON shape is a parameter, since the
 * real verdict schema belongs to devjudge.
 *
 *   fake.addRules(...judgeRules((criteria) => (criteria.includes("README") ? "satisfied" : "unsatisfied")));
 */
import { isStructuredOutputRequest, lastUserText, matches, systemText } from "./match.js";
import type { Matcher, RecordedCall, Rule } from "./types.js";

export interface JudgeRulesOptions<S extends string> {
  /** The JSON answered for a decision. Default: `{ status, reason: "fake judge: <status>", evidence: [] }`. */
  shape?: (status: S, criteria: string, call: RecordedCall) => unknown;
  /**
   * Extracts the criteria text from a request. Default: the rest of the first line starting with
   * "Criteria:", "Criterion:" or "Requirement:" in the last user message (then the system
   * messages); failing that, the whole last user message.
   */
  criteria?: (call: RecordedCall) => string;
  /**
   * Which requests get a verdict. Default: structured-output requests (json_schema / json_object /
   * forced function).
   */
  match?: Matcher;
  /** Rule name shown in `RecordedCall.matchedBy`; default "judge". */
  name?: string;
}

const CRITERIA_LINE = /^[\s>*#-]*(?:criteria|criterion|requirements?)\s*[:=]\s*(.+)$/im;

export function defaultCriteria(call: RecordedCall): string {
  const user = lastUserText(call.body);
  const found = CRITERIA_LINE.exec(user) ?? CRITERIA_LINE.exec(systemText(call.body));
  return found?.[1]?.trim() ?? user;
}

export function judgeRules<S extends string = "satisfied" | "unsatisfied">(
  decide: (criteria: string, lastUserText: string, call: RecordedCall) => S,
  opts: JudgeRulesOptions<S> = {},
): Rule[] {
  const shape = opts.shape ?? ((status: S) => ({ status, reason: `fake judge: ${status}`, evidence: [] }));
  const extract = opts.criteria ?? defaultCriteria;
  const matcher = opts.match;
  return [
    {
      name: opts.name ?? "judge",
      match: (call) => (matcher === undefined ? isStructuredOutputRequest(call) : matches(matcher, call)),
      reply: (call) => {
        const criteria = extract(call);
        const status = decide(criteria, lastUserText(call.body), call);
        return { json: shape(status, criteria, call) };
      },
    },
  ];
}

/**
 * The keys that find a unit (candidate × task) or one of its verdicts in a map. NUL cannot occur in
 * a candidate's or task's name, so two different units never share a key.
 */
export const unitKey = (candidate: string, task: string) => `${candidate}\u0000${task}`;

/** A requirement or preference of a unit: `kind` keeps requirement 3 apart from preference 3. */
export const itemKeyOf = (candidate: string, task: string, kind: string, id: string | number) =>
  `${unitKey(candidate, task)}\u0000${kind}\u0000${id}`;

/** A requirement of a unit, across runs (the history compares requirements only). */
export const requirementKey = (r: { candidate: string; task: string; requirement: string | number }) =>
  `${unitKey(r.candidate, r.task)}\u0000${r.requirement}`;

/** A unit as people read it, and as `history-context.json` stores it: `candidate/task`. */
export const unitLabel = (candidate: string, task: string) => `${candidate}/${task}`;

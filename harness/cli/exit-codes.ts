/** Documented in the README. */
export const EXIT = {
  ok: 0,
  /** Invalid input found by `validate`, a metric below its threshold, a regression. */
  failed: 1,
  /** Bad usage or bad input that stops a command before it starts. */
  usage: 2,
  /** The run itself failed. */
  runFailed: 3,
} as const;

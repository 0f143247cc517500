import type { VerdictStatus } from "../../../core/verdict.js";

export const esc = (s: unknown) =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const SYMBOL: Record<VerdictStatus, string> = {
  satisfied: "✓",
  unsatisfied: "✗",
  undecided: "?",
  error: "!",
  skipped: "–",
};

/** JSON for a `<script type="application/json">` block: `</script` and `<!--` cannot end it early. */
export const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

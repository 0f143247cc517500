import type { Evidence } from "../../../core/verdict.js";
import { esc } from "./esc.js";

/** The cited lines, each with its number (counted from startLine, or 1 when the judge gave none). */
function numberedLines(excerpt: string, startLine = 1): string {
  const lines = excerpt.replace(/\n$/, "").split("\n");
  const numbered = lines.map((l, i) => `<span class="ln">${startLine + i}</span>${esc(l)}`);
  return `<pre class="lines">${numbered.join("\n")}</pre>`;
}

function one(e: Evidence, unit: { candidate: string; task: string }): string {
  switch (e.kind) {
    case "file": {
      const range = e.startLine
        ? `:${e.startLine}${e.endLine && e.endLine !== e.startLine ? `-${e.endLine}` : ""}`
        : "";
      return (
        `<div class="ev file"><code>${esc(e.path + range)}</code>` +
        `${e.excerpt ? numberedLines(e.excerpt, e.startLine) : ""}</div>`
      );
    }
    case "trace":
      return (
        `<div class="ev trace"><button type="button" class="trace-link" ` +
        `data-candidate="${esc(unit.candidate)}" data-task="${esc(unit.task)}" data-step="${e.step}">` +
        `trace step ${e.step}</button>${e.excerpt ? `<pre>${esc(e.excerpt)}</pre>` : ""}</div>`
      );
    case "command":
      return (
        `<div class="ev cmd"><div class="cmdline"><code>$ ${esc(e.command)}</code> ` +
        `<span class="exit">exit ${e.exitCode ?? "none"}${e.timedOut ? " (timed out)" : ""}</span></div>` +
        `${e.output ? `<pre>${esc(e.output)}</pre>` : ""}</div>`
      );
    case "note":
      return `<div class="ev note">${esc(e.text)}</div>`;
  }
}

/** A verdict's evidence; a command that ran more than once with the same result is shown once. */
export function evidenceHtml(evidence: Evidence[], unit: { candidate: string; task: string }): string {
  const seen = new Set<string>();
  return evidence
    .filter((e) => {
      if (e.kind !== "command") return true;
      const key = JSON.stringify([e.command, e.exitCode, e.output]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((e) => one(e, unit))
    .join("");
}

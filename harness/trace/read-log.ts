import { clip, forEachLine } from "./source.js";
import { TraceBuilder } from "./builder.js";
import type { Trace } from "./types.js";

/** A line of devjudge's process log: `<ISO time> <stdout|stderr|event> <text>`. */
const LOG_LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (stdout|stderr|event) (.*)$/;

/**
 * A raw process log. Lines in devjudge's own format (`2026-…Z stdout text`) are grouped into one
 * step per burst of output; any other text becomes steps of up to 40 lines each.
 */
export async function readProcessLog(file: string): Promise<Trace> {
  const b = new TraceBuilder("log", file);
  let current: { lines: string[]; first?: number; last?: number } = { lines: [] };
  const flush = () => {
    if (!current.lines.length) return;
    const durationS =
      current.first !== undefined && current.last !== undefined ? (current.last - current.first) / 1000 : undefined;
    const text = clip(current.lines.join("\n"), 16_000);
    b.step(undefined, { action: null, observation: text, observations: [{ text }], durationS });
    current = { lines: [] };
  };
  await forEachLine(file, (raw) => {
    if (!raw && !current.lines.length) return;
    const m = LOG_LINE.exec(raw);
    if (m) {
      const at = Date.parse(m[1]!);
      // a pause of over two seconds in the output starts a new step
      if (current.last !== undefined && at - current.last > 2000) flush();
      current.first ??= at;
      current.last = at;
      current.lines.push(m[2] === "stdout" ? m[3]! : `[${m[2]}] ${m[3]}`);
    } else current.lines.push(raw);
    if (current.lines.length >= 40) flush();
  });
  flush();
  return b.build();
}

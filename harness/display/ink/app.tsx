import { Box, Text, useInput, useStdout } from "ink";
import { useSyncExternalStore } from "react";
import { displayPath } from "../../util/display-path.js";
import { pace, type RunState, type UnitRow } from "../run-state.js";
import { pctOverJudged, summaryNotes } from "../../report/notes.js";
import { formatClock, formatCost, formatCount, formatUsd } from "../../util/format.js";

const ACTIVE = new Set(["checking out", "agent running", "judging"]);
const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

export interface StoreLike {
  subscribe(l: () => void): () => void;
  getSnapshot(): RunState;
}

export function Header({ s }: { s: RunState }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>devjudge run {s.runId}</Text>
        <Text dimColor>
          {" "}
          · suite {s.suite} · {s.tasks} tasks · {s.requirements} requirements · {s.preferences} preferences
        </Text>
      </Text>
      <Text dimColor>
        candidates {s.candidates.join(", ")} · judge {s.judge} · output {displayPath(s.outputDir)}
      </Text>
      <Progress s={s} />
    </Box>
  );
}

/** Coverage so far (judged without error / to judge), undecided, and how many units wait, run or are done. */
export function Progress({ s }: { s: RunState }) {
  const by = (state: string) => s.rows.filter((r) => r.state === state).length;
  const active = s.rows.filter((r) => ACTIVE.has(r.state)).length;
  return (
    <Text>
      coverage {s.judged - s.errors}/{s.total}
      <Text color="yellow"> · undecided {s.undecided}</Text>
      {s.errors ? <Text color="red"> · errors {s.errors}</Text> : null}
      <Text dimColor>
        {" "}
        · units: {by("queued")} queued, {active} active, {by("done")} done
        {by("failed") ? `, ${by("failed")} failed` : ""}
      </Text>
    </Text>
  );
}

function stateText(r: UnitRow, now: number): string {
  const t = formatClock(now - r.since);
  switch (r.state) {
    case "agent running":
      return `agent running ${t}`;
    case "judging":
      return `judging ${r.judged}/${r.total}`;
    case "checking out":
      return `checking out ${t}`;
    default:
      return r.state;
  }
}

/** One line of plain text per row: a single Text node keeps layout cheap with dozens of rows redrawn. */
export function Row({ r, now, width }: { r: UnitRow; now: number; width: number }) {
  const icon =
    r.state === "done"
      ? "✔"
      : r.state === "failed"
        ? "✖"
        : r.state === "queued"
          ? "·"
          : SPINNER[Math.floor(now / 100) % SPINNER.length]!;
  const color = r.state === "done" ? "green" : r.state === "failed" ? "red" : r.state === "queued" ? "gray" : "cyan";
  const c = r.counts;
  const name = r.key.length > width - 1 ? `${r.key.slice(0, width - 2)}…` : r.key;
  return (
    <Text>
      <Text color={color}>
        {icon} {name.padEnd(width)}
        {stateText(r, now).padEnd(22)}
      </Text>
      <Text color="green">✓{c.satisfied}</Text> <Text color="red">✗{c.unsatisfied}</Text>{" "}
      <Text color="yellow">?{c.undecided}</Text>
      {c.error ? <Text color="magenta"> !{c.error}</Text> : null}
      {c.skipped ? <Text color="gray"> –{c.skipped}</Text> : null}
      {r.error ? <Text color="red"> {r.error.slice(0, 80)}</Text> : null}
    </Text>
  );
}

/**
 * Which rows fit: all of them when few; else the active and failed ones, then the latest done, with
 * a count of the rest.
 */
export function visibleRows(rows: UnitRow[], max: number): { shown: UnitRow[]; hidden: Record<string, number> } {
  if (rows.length <= max) return { shown: rows, hidden: {} };
  const active = rows.filter((r) => ACTIVE.has(r.state));
  const failed = rows.filter((r) => r.state === "failed");
  const done = rows.filter((r) => r.state === "done").sort((a, b) => b.since - a.since);
  const shown = [...active, ...failed].slice(0, max);
  for (const r of done) if (shown.length < max) shown.push(r);
  const ids = new Set(shown.map((r) => r.key));
  const hidden: Record<string, number> = {};
  for (const r of rows) if (!ids.has(r.key)) hidden[r.state] = (hidden[r.state] ?? 0) + 1;
  return { shown: rows.filter((r) => ids.has(r.key)), hidden };
}

export function Totals({ s }: { s: RunState }) {
  const p = pace(s);
  const pct = s.total ? Math.floor((100 * s.judged) / s.total) : 0;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>
          judged {s.judged}/{s.total} ({pct}%)
        </Text>
        <Text color="yellow"> · undecided {s.undecided}</Text>
        {s.errors || s.failedUnits ? (
          <Text color="red">
            {" "}
            · errors {s.errors} · failed units {s.failedUnits}
          </Text>
        ) : null}
        <Text dimColor>
          {" "}
          · {p.perSecond.toFixed(1)}/s · ETA {p.etaMs === undefined ? "–" : formatClock(p.etaMs)} · elapsed{" "}
          {formatClock(s.now - s.startedAt)}
        </Text>
      </Text>
      <Text dimColor>
        LLM calls {s.llmCalls} · cache hits {s.cacheHits} · retries {s.retries} · tokens {formatCount(s.inputTokens)} in
        {s.cachedInputTokens ? ` (${formatCount(s.cachedInputTokens)} cached)` : ""} / {formatCount(s.outputTokens)} out
        · {formatUsd({ cost: s.cost, unpricedCalls: s.unpricedCalls })}
      </Text>
    </Box>
  );
}

export function Summary({ s }: { s: RunState }) {
  const f = s.finished!;
  const w = Math.max(9, ...f.report.candidates.map((c) => c.name.length)) + 2;
  const cols = ["judged", "Req (I)", "Req (D)", "solved", "undecided", "error", "cost $", "judge time"];
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>
        {"candidate".padEnd(w)}
        {cols.map((c) => c.padStart(11)).join("")}
      </Text>
      {f.report.candidates.map((c) => (
        <Text key={c.name}>
          {c.name.padEnd(w)}
          {[
            `${c.coverage.judged}/${c.coverage.total}`,
            pctOverJudged(c.metrics, c.metrics.reqMetI),
            pctOverJudged(c.metrics, c.metrics.reqMetD),
            c.metrics.decidedTasks ? c.metrics.solveRate.toFixed(2) : "–",
            String(c.counts.undecided),
            String(c.counts.error),
            formatCost(c.metrics.usage),
            formatClock(c.metrics.judgeTimeMs),
          ]
            .map((v) => v.padStart(11))
            .join("")}
        </Text>
      ))}
      {summaryNotes(f.report).map((line, i) => (
        <Text
          key={`note-${i}`}
          color={line.includes("coverage") || line.startsWith("  failed") ? "yellow" : undefined}
          wrap="truncate-end"
        >
          {line}
        </Text>
      ))}
      <Text dimColor>reports: {f.paths.map(displayPath).join("  ")}</Text>
    </Box>
  );
}

export function App({ store, onStop, maxRows }: { store: StoreLike; onStop?: () => void; maxRows?: number }) {
  const s = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { stdout } = useStdout();
  useInput(
    (input, key) => {
      if (input === "q" || (key.ctrl && input === "c")) onStop?.();
    },
    { isActive: !!onStop && !!process.stdin.isTTY },
  );
  const limit = maxRows ?? Math.max(5, (stdout?.rows ?? 30) - 12);
  const { shown, hidden } = visibleRows(s.rows, limit);
  const width = Math.min(48, Math.max(20, ...s.rows.map((r) => r.key.length + 2)));
  const hiddenText = Object.entries(hidden)
    .map(([state, n]) => `${n} ${state}`)
    .join(", ");
  return (
    <Box flexDirection="column">
      <Header s={s} />
      <Box flexDirection="column" marginY={1}>
        {shown.map((r) => (
          <Row key={r.key} r={r} now={s.now} width={width} />
        ))}
        {hiddenText ? <Text dimColor> … and {hiddenText}</Text> : null}
      </Box>
      <Totals s={s} />
      {s.warnings.map((w, i) => (
        <Text key={i} color="yellow" wrap="truncate-end">
          ! {w}
        </Text>
      ))}
      {s.stopping && !s.finished ? (
        <Text color="yellow">stopping: finishing in-flight work… (Ctrl-C again exits at once)</Text>
      ) : null}
      {s.finished ? <Summary s={s} /> : null}
    </Box>
  );
}

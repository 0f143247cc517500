import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { App, visibleRows } from "../../../harness/display/ink/app.js";
import { RunStateBuilder, type RunState } from "../../../harness/display/run-state.js";
import type { NewEvent, RunEvent } from "../../../harness/events/types.js";
import type { Config } from "../../../harness/config/types.js";
import type { Task } from "../../../harness/tasks/types.js";
import { smallReport } from "../../fixtures/small-report.js";

const task = (id: string, n: number): Task => ({
  id,
  name: id,
  query: "q",
  tags: [],
  requirements: Array.from({ length: n }, (_, i) => ({
    id: i,
    criteria: `c${i}`,
    category: "x",
    prerequisites: [],
    checks: [],
  })),
  preferences: [],
  flags: { trainingNeeded: false, kaggleApiNeeded: false, webNavigationNeeded: false },
  source: { file: "f", line: 1, col: 1 },
});

function scenario(tasks: Task[], candidates: string[]) {
  const b = new RunStateBuilder();
  let t = 1_000_000;
  const emit = (e: NewEvent, dt = 100) => b.apply({ ...e, at: (t += dt) } as RunEvent);
  emit({
    type: "run.started",
    manifest: {
      runId: "r-1",
      outputDir: "/tmp/out",
      suitePaths: ["tasks/demo"],
      tasks,
      candidates: candidates.map((name) => ({ name, kind: "dir" })),
      judge: "agent/pipeline",
      mode: "independent",
      config: { judge: { model: "gpt-x" } } as Config,
    },
    requirements: tasks.reduce((n, x) => n + x.requirements.length, 0) * candidates.length,
    preferences: 0,
    units: candidates.flatMap((candidate) => tasks.map((t) => ({ candidate, task: t.id }))),
  });
  // a snapshot per state version: useSyncExternalStore needs the same object until something changes
  let cached: { v: number; s: RunState } | undefined;
  const store = {
    subscribe: () => () => undefined,
    getSnapshot: (): RunState => {
      if (cached?.v !== b.version)
        cached = { v: b.version, s: { ...b.state, rows: b.state.rows.map((r) => ({ ...r })) } };
      return cached.s;
    },
  };
  return { b, emit, store };
}

const verdict = (status: "satisfied" | "unsatisfied" | "error", calls = 1) => ({
  status,
  reason: "r",
  evidence: [],
  confidence: 1,
  durationMs: 5,
  judge: "agent",
  usage: { inputTokens: 1000 * calls, outputTokens: 50 * calls, calls, cost: 0.002 * calls, cachedCalls: 1 - calls },
});

describe("the Ink UI", () => {
  it("shows the header, a row per candidate × task in every state, the totals and the warnings", () => {
    const { emit, store } = scenario([task("alpha", 3), task("beta", 2), task("gamma", 2)], ["a", "b"]);
    emit({ type: "task.started", candidate: "a", task: "alpha" });
    emit({ type: "workspace.ready", candidate: "a", task: "alpha", workspace: "w" });
    emit({ type: "judging.started", candidate: "a", task: "alpha" });
    emit({
      type: "usage",
      candidate: "a",
      task: "alpha",
      inputTokens: 1000,
      outputTokens: 50,
      cost: 0.002,
      cached: false,
    });
    emit({
      type: "item.judged",
      candidate: "a",
      task: "alpha",
      kind: "requirement",
      id: 0,
      verdict: verdict("satisfied"),
    });
    emit({ type: "usage", candidate: "a", task: "alpha", inputTokens: 0, outputTokens: 0, cost: 0, cached: true });
    emit({
      type: "item.judged",
      candidate: "a",
      task: "alpha",
      kind: "requirement",
      id: 1,
      verdict: verdict("unsatisfied", 0),
    });
    emit({ type: "task.started", candidate: "a", task: "beta" });
    emit({ type: "workspace.ready", candidate: "a", task: "beta", workspace: "w" });
    emit({ type: "judging.started", candidate: "a", task: "beta" });
    emit({
      type: "usage",
      candidate: "a",
      task: "beta",
      inputTokens: 1000,
      outputTokens: 50,
      cost: 0.002,
      cached: false,
    });
    emit({
      type: "item.judged",
      candidate: "a",
      task: "beta",
      kind: "requirement",
      id: 0,
      verdict: verdict("satisfied"),
    });
    emit({
      type: "usage",
      candidate: "a",
      task: "beta",
      inputTokens: 1000,
      outputTokens: 50,
      cost: 0.002,
      cached: false,
    });
    emit({ type: "item.judged", candidate: "a", task: "beta", kind: "requirement", id: 1, verdict: verdict("error") });
    emit({ type: "task.finished", candidate: "a", task: "beta" });
    // checked out, waiting for a judge slot: queued, not "judging 0/2"
    emit({ type: "task.started", candidate: "a", task: "gamma" });
    emit({ type: "workspace.ready", candidate: "a", task: "gamma", workspace: "w" });
    emit({ type: "task.started", candidate: "b", task: "alpha" });
    emit({ type: "agent.started", candidate: "b", task: "alpha", command: "agent" }, 3000);
    emit({ type: "task.started", candidate: "b", task: "beta" });
    emit({ type: "task.failed", candidate: "b", task: "beta", error: "workspace not found: ws/beta" });
    emit({ type: "task.started", candidate: "b", task: "gamma" }, 2000);
    emit({ type: "retry", candidate: "a", task: "alpha", attempt: 1, delayMs: 1500, reason: "429 rate limited" });
    const { lastFrame } = render(<App store={store} maxRows={20} />);
    const f = lastFrame()!;
    expect(f).toContain("devjudge run r-1 · suite tasks/demo · 3 tasks · 7 requirements · 0 preferences");
    expect(f).toContain("candidates a, b · judge agent/pipeline · gpt-x · output /tmp/out");
    expect(f).toContain("coverage 3/14 · undecided 0 · errors 1 · units: 1 queued, 3 active, 1 done, 1 failed");
    expect(f).toMatch(/a\/alpha +judging 2\/3 +✓1 ✗1 \?0/);
    expect(f).toMatch(/✔ a\/beta +done +✓1 ✗0 \?0 !1/);
    expect(f).toMatch(/a\/gamma +queued +✓0/);
    expect(f).not.toContain("judging 0/");
    expect(f).toMatch(/b\/alpha +agent running 2s/);
    expect(f).toMatch(/✖ b\/beta +failed .*workspace not found: ws\/beta/);
    expect(f).toMatch(/b\/gamma +checking out 0s/);
    expect(f).toMatch(
      /judged 4\/14 \(28%\) · undecided \d+ · errors \d+ · failed units 1 · [\d.]+\/s · ETA \S+ · elapsed \d+s\n/,
    );
    expect(f).toContain("LLM calls 3 · cache hits 1 · retries 1 · tokens 3000 in / 150 out · $0.0060");
    expect(f).toContain("! retry a/alpha in 1.5s: 429 rate limited");
    expect(f).toContain("! b/beta: workspace not found: ws/beta");
  });

  it("keeps only the last five warnings, and says when it is stopping", () => {
    const { b, emit, store } = scenario([task("alpha", 1)], ["a"]);
    for (let i = 0; i < 8; i++) emit({ type: "warning", message: `warning number ${i}` });
    b.stopping();
    const f = render(<App store={store} maxRows={20} />).lastFrame()!;
    expect(f).not.toContain("warning number 2");
    for (let i = 3; i < 8; i++) expect(f).toContain(`! warning number ${i}`);
    expect(f).toContain("stopping: finishing in-flight work… (Ctrl-C again exits at once)");
  });

  it("ends with a summary table per candidate and the paths of the reports", () => {
    const { b, store } = scenario([task("hello", 3)], ["alpha", "beta"]);
    b.finish(smallReport(), ["/tmp/out/report.json", "/tmp/out/summary.md"]);
    const f = render(<App store={store} maxRows={20} />).lastFrame()!;
    expect(f).toMatch(/candidate +judged +Req \(I\) +Req \(D\) +solved +undecided +error +cost \$ +judge time/);
    expect(f).toMatch(/alpha +3\/3 +33\.33 +33\.33 +0\.00 +1 +0 +0\.0000 +1s/);
    // beta's error is left out: 2 of 2 judged are met; with an error, whether the task is solved is unknown
    expect(f).toMatch(/beta +2\/3 +100\.00 +100\.00 +– +0 +1 +0\.0000 +1s/);
    expect(f).toContain("beta: coverage 2/3 judged (66.66%)");
    expect(f).toContain("reports: /tmp/out/report.json  /tmp/out/summary.md");
  });

  it("collapses hundreds of rows: active and failed first, then the latest done, and counts the rest", () => {
    const { emit, store } = scenario(
      Array.from({ length: 150 }, (_, i) => task(`t${i}`, 1)),
      ["a", "b"],
    );
    for (let i = 0; i < 40; i++) {
      emit({ type: "task.started", candidate: "a", task: `t${i}` });
      emit({ type: "workspace.ready", candidate: "a", task: `t${i}`, workspace: "w" });
      emit({ type: "judging.started", candidate: "a", task: `t${i}` });
      if (i < 35) emit({ type: "task.finished", candidate: "a", task: `t${i}` });
    }
    emit({ type: "task.started", candidate: "b", task: "t0" });
    emit({ type: "task.failed", candidate: "b", task: "t0", error: "boom" });
    const snap = store.getSnapshot();
    const { shown, hidden } = visibleRows(snap.rows, 10);
    expect(shown).toHaveLength(10);
    expect(shown.filter((r) => r.state === "judging")).toHaveLength(5);
    expect(shown.filter((r) => r.state === "failed")).toHaveLength(1);
    expect(shown.filter((r) => r.state === "done").map((r) => r.task)).toEqual(["t31", "t32", "t33", "t34"]);
    expect(hidden).toEqual({ done: 31, queued: 259 });
    const f = render(<App store={store} maxRows={10} />).lastFrame()!;
    expect(f).toContain("… and 31 done, 259 queued");
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../../harness/report/render/html.js";
import { readTraceSteps } from "../../../harness/report/render/html/read-steps.js";
import { traceViews } from "../../../harness/report/render/html/trace.js";
import type { Report } from "../../../harness/report/types.js";
import { readTrace } from "../../../harness/trace/read-trace.js";
import type { Trace } from "../../../harness/trace/types.js";
import { smallReport } from "../../fixtures/small-report.js";
import { hasChromium, launchChromium, SKIP_CHROMIUM } from "../../helpers/browser.js";
import { SKIP_DEVAI, devai, skipDevai, tempDir } from "../../helpers/paths.js";

const TRAJECTORY = skipDevai
  ? undefined
  : join(devai(), "trajectories/OpenHands/39_Drug_Response_Prediction_SVM_GDSC_ML.json");

/**
 * The small report with OpenHands' real DevAI trajectory as alpha's trace, a verdict citing one of
 * its steps (as the agent judge does), and two units that failed for the same cause.
 */
async function reportWithTrace(): Promise<{ report: Report; trace: Trace; cited: number }> {
  const report = smallReport();
  const trace = await readTrace(TRAJECTORY!, "devai");
  const cited = trace.steps[3]!.index;
  const alpha = report.candidates[0]!.tasks[0]!;
  alpha.trace = { source: TRAJECTORY!, format: "devai", ...trace.totals, steps: trace.steps.length };
  alpha.requirements[2]!.evidence.push({
    kind: "trace",
    step: cited,
    excerpt: trace.steps[3]!.action?.slice(0, 80) ?? "",
  });
  for (const name of ["gamma", "delta"]) {
    const base = report.candidates[1]!;
    const cause = "workspace not found: seeds/missing/{task}";
    report.candidates.push({
      ...base,
      name,
      tasks: [{ ...base.tasks[0]!, status: "failed", error: cause, requirements: [], preferences: [] }],
      coverage: { judged: 0, total: 3, errors: 0, missing: 3, failedUnits: [{ task: "hello", cause }] },
      labels: undefined,
    });
  }
  return { report, trace, cited };
}

describe.skipIf(!hasChromium || skipDevai)(
  `trace view and failed units in Chromium (${!hasChromium ? SKIP_CHROMIUM : skipDevai ? SKIP_DEVAI : "chromium"})`,
  () => {
    let browser: Browser;
    let page: Page;
    let fixture: Awaited<ReturnType<typeof reportWithTrace>>;

    beforeAll(async () => {
      fixture = await reportWithTrace();
      const file = join(await tempDir(), "index.html");
      await writeFile(file, renderHtml(fixture.report, { traceSteps: await readTraceSteps(fixture.report) }));
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(file).href);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it("a cited trace step opens the unit's trace at that step: thought, tool call, observation, and the agent's own totals", async () => {
      const cell = page.locator('td.verdict[data-candidate=alpha][data-req="2"]');
      await cell.locator("summary").click();
      await cell.locator(`.trace-link[data-step="${fixture.cited}"]`).click();
      const dialog = page.locator("dialog#trace-view");
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const { trace, cited } = fixture;
      expect(await dialog.locator("li.step").count()).toBe(trace.steps.length);
      const current = dialog.locator("li.step.current");
      expect(await current.getAttribute("data-step")).toBe(String(cited));
      const step = trace.steps.find((s) => s.index === cited)!;
      expect(await current.locator("pre.part.thought").textContent()).toBe(step.thought);
      expect(await current.locator("pre.part.action").textContent()).toBe(step.action);
      expect(await current.locator(".part-label").allTextContents()).toContain("cited by #2");
      const summary = await dialog.locator(".trace-summary").textContent();
      expect(summary).toContain(`${trace.steps.length} steps`);
      expect(summary).toContain(`${trace.totals.inputTokens} / ${trace.totals.outputTokens} tokens`);
      await dialog.locator("form.close button").click();
    });

    it("groups failed units by cause, and marks their cells failed", async () => {
      const causes = page.locator(".failed-units details.cause");
      expect(await causes.count()).toBe(1);
      expect(await causes.locator("summary b").textContent()).toBe("2");
      expect(await causes.locator(".units").textContent()).toBe("gamma/hello, delta/hello");
      expect(await page.locator("td.verdict.failed").count()).toBe(6);
      expect(await page.locator("table.grid td.cell.error").count()).toBe(2);
    });

    it("without the trace file, the view still shows the cited step with its excerpt", async () => {
      const html = renderHtml(fixture.report);
      const data = JSON.parse(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)![1]!);
      const unit = data.find((u: { candidate: string }) => u.candidate === "alpha");
      expect(unit.full).toBe(false);
      // the same when the page's trace budget is spent: the cited steps only
      const tight = traceViews(fixture.report, await readTraceSteps(fixture.report), 100).find(
        (u) => u.candidate === "alpha",
      )!;
      expect(tight.full).toBe(false);
      expect(tight.steps.map((s) => s.step)).toEqual([fixture.cited]);
      expect(unit.steps).toEqual([
        { step: fixture.cited, cited: [{ req: "2", excerpt: fixture.trace.steps[3]!.action?.slice(0, 80) }] },
      ]);
    });
  },
);

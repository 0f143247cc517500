import { stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../../test/helpers/browser.js";

export interface PageLoad {
  bytes: number;
  /** Per fresh page: navigation start to the load event, and to the page's script having drawn its charts. */
  loadMs: number[];
  readyMs: number[];
  /** Clicking "expand all" until the next frame. */
  expandMs: number[];
  scrollWidthExpanded: number;
}

/** Opens a report page in headless Chromium `times` times, each in a fresh context (no cache), at 1280 px. */
export async function measurePageLoad(file: string, times = 5): Promise<PageLoad> {
  const browser = await launchChromium();
  const out: PageLoad = {
    bytes: (await stat(file)).size,
    loadMs: [],
    readyMs: [],
    expandMs: [],
    scrollWidthExpanded: 0,
  };
  try {
    for (let i = 0; i < times; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.waitForFunction(() => (window as unknown as { __report?: { ready: boolean } }).__report?.ready);
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return { load: nav.loadEventEnd, ready: performance.now() };
      });
      out.loadMs.push(t.load);
      out.readyMs.push(t.ready);
      out.expandMs.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const t0 = performance.now();
              (document.getElementById("expand-all") as HTMLButtonElement).click();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
            }),
        ),
      );
      out.scrollWidthExpanded = await page.evaluate(() => document.documentElement.scrollWidth);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

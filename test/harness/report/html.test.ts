import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../../harness/report/render/html.js";
import { hasChromium, launchChromium, SKIP_CHROMIUM } from "../../helpers/browser.js";
import { repoRoot, tempDir } from "../../helpers/paths.js";
import { smallReport } from "../../fixtures/small-report.js";

describe.skipIf(!hasChromium)(`index.html in headless Chromium (${hasChromium ? "chromium" : SKIP_CHROMIUM})`, () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    const dir = await tempDir();
    const file = join(dir, "index.html");
    await writeFile(file, renderHtml(smallReport()));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("is self-contained: the only request is the page itself", () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
  });

  it("shows each candidate's counts and one verdict cell per requirement and candidate", async () => {
    expect(await page.locator("table.summary tr[data-candidate=alpha] td[data-count=unsatisfied]").textContent()).toBe(
      "1",
    );
    expect(await page.locator("table.summary tr[data-candidate=beta] td[data-count=error]").textContent()).toBe("1");
    expect(await page.locator("td.verdict").count()).toBe(6);
    expect(await page.locator("td.verdict[data-status=satisfied]").count()).toBe(3);
    expect(await page.locator("#shown").textContent()).toBe("3");
    expect(await page.locator("header").textContent()).toContain("devjudge run 20260101-000000-abcd");
    // the DAG: a node per requirement, an edge per prerequisite, a status dot per candidate
    expect(await page.locator("svg.dag g.node").count()).toBe(3);
    expect(await page.locator("svg.dag path.edge").count()).toBe(2);
    expect(await page.locator("svg.dag circle.dot.unsatisfied").count()).toBe(1);
  });

  it("shows the reason and the evidence inline when a verdict is opened", async () => {
    const cell = page.locator('td.verdict[data-candidate=alpha][data-req="1"]');
    await cell.locator("summary").click();
    await expect.poll(() => cell.locator(".reason").isVisible()).toBe(true);
    expect(await cell.locator(".ev pre").textContent()).toBe("bye <3\n");
    const beta0 = page.locator('td.verdict[data-candidate=beta][data-req="0"]');
    await beta0.locator("summary").click();
    expect(await beta0.locator(".ev code").textContent()).toBe("hello.py:1-2");
  });

  it("filters by status, category and candidate", async () => {
    const visibleRows = () => page.locator("tr.req:not(.hidden)").count();
    await page.locator(".filters input[value=satisfied]").uncheck();
    expect(await visibleRows()).toBe(2); // #0 is satisfied for both candidates
    await page.locator(".filters input[value=undecided]").uncheck();
    await page.locator(".filters input[value=error]").uncheck();
    expect(await visibleRows()).toBe(1); // only #1 (alpha unsatisfied)
    expect(await page.locator("#shown").textContent()).toBe("1");
    for (const s of ["satisfied", "undecided", "error"]) await page.locator(`.filters input[value=${s}]`).check();
    await page.locator("#f-category").selectOption("Testing");
    expect(await visibleRows()).toBe(1);
    await page.locator("#f-category").selectOption("");
    await page.locator(".filters input[value=satisfied]").uncheck();
    await page.locator("#f-candidate").selectOption("beta");
    expect(await visibleRows()).toBe(1); // beta's only non-satisfied verdict is the error on #2
    await page.locator("#f-candidate").selectOption("");
    await page.locator(".filters input[value=satisfied]").check();
  });

  it("keeps a screenshot as a test artifact", async () => {
    const dir = join(repoRoot, "test-artifacts");
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, "report-html.png"), fullPage: true });
  });
});

// Screenshots for the README: `node scripts/report-screenshots.mjs <run-dir> <diff.html> <out-dir>`
// (the demo's run, and a `devjudge diff --html` page); headless Debian Chromium at 1280 px.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [runDir, diffHtml, outDir] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
await page.goto(pathToFileURL(resolve(runDir, "index.html")).href);
await page.waitForFunction(() => window.__report?.ready);
await page.screenshot({ path: join(outDir, "report-top.png") });
// a task with labels, a disagreement and opened evidence
await page.locator("#f-disagree").check();
const cell = page.locator("td.verdict[data-disagree]").first();
await cell.locator("summary").click();
await cell.evaluate((el) => el.closest("section.task").scrollIntoView());
await page.screenshot({ path: join(outDir, "report-task.png") });
await page.locator("#f-disagree").uncheck();
await page.locator("table.grid .trace-link").first().click();
await page.screenshot({ path: join(outDir, "report-trace.png") });
await page.goto(pathToFileURL(resolve(diffHtml)).href);
await page.screenshot({ path: join(outDir, "diff.png") });
await browser.close();

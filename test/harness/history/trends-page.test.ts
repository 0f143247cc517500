import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, SKIP_CHROMIUM } from "../../helpers/browser.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";
import { readReportFile } from "../../helpers/project.js";
import { historyProject } from "./project.js";

const FIGURES = ["reqMetI", "reqMetD", "solveRate", "coverage", "cost"];

describe.skipIf(!hasChromium)(
  `the trends page in headless Chromium (${hasChromium ? "chromium" : SKIP_CHROMIUM})`,
  () => {
    let browser: Browser;
    let page: Page;
    let dir: string;
    const requests: string[] = [];

    beforeAll(async () => {
      dir = await tempDir();
      const p = await historyProject(dir);
      // three nights: all done, a.txt broken, fixed again with the build green
      for (const [out, files, green] of [
        ["r1", { "a.txt": "hello" }, false],
        ["r2", { "a.txt": "bye" }, false],
        ["r3", { "a.txt": "hello" }, true],
      ] as const) {
        await p.workspace(files);
        await p.green(green);
        expect((await p.run(out, ["--db", p.db])).code).toBe(0);
      }
      const html = await devjudgeInProcess(["history", "--html", join(dir, "trends"), "--db", p.db]);
      expect(html.code).toBe(0);
      expect(html.stdout).toContain("trends of 3 run(s)");
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(dir, "trends", "index.html")).href);
      await page.waitForFunction(
        () => (window as unknown as { __trends?: { ready: boolean } }).__trends?.ready === true,
      );
    });

    afterAll(async () => {
      await browser?.close();
    });

    it("is self-contained: the only request is the page itself, Chart.js is inlined", async () => {
      expect(requests).toEqual([pathToFileURL(join(dir, "trends", "index.html")).href]);
      expect(await readFile(join(dir, "trends", "index.html"), "utf8")).toMatch(/Chart\.js v4\.\d+\.\d+/);
    });

    it("draws every chart with a point per run, in the candidate's colour", async () => {
      for (const figure of FIGURES) {
        const drawn = await page.evaluate((f) => {
          const chart = (window as any).__trends.charts[f];
          const canvas = chart.canvas as HTMLCanvasElement;
          const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
          let blue = 0;
          // the first candidate's colour, #2563eb
          for (let i = 0; i < data.length; i += 4)
            if (
              Math.abs(data[i]! - 37) < 40 &&
              Math.abs(data[i + 1]! - 99) < 40 &&
              Math.abs(data[i + 2]! - 235) < 40 &&
              data[i + 3]! > 200
            )
              blue++;
          return { points: chart.getDatasetMeta(0).data.length, values: chart.data.datasets[0].data, blue };
        }, figure);
        expect(drawn.points, figure).toBe(3);
        expect(drawn.blue, figure).toBeGreaterThan(50);
        if (figure === "reqMetI") expect(drawn.values).toEqual([75, 25, 100]);
        if (figure === "coverage") expect(drawn.values).toEqual([100, 100, 100]);
      }
      // and the screenshot of a chart differs from the screenshot of an empty one of the same size
      const chart = page.locator('canvas[data-figure="reqMetI"]');
      const full = await chart.screenshot();
      await page.evaluate(() => {
        const c = document.createElement("canvas");
        c.id = "blank";
        const ref = document.querySelector('canvas[data-figure="reqMetI"]') as HTMLCanvasElement;
        c.style.width = `${ref.clientWidth}px`;
        c.style.height = `${ref.clientHeight}px`;
        document.body.prepend(c);
      });
      const blank = await page.locator("#blank").screenshot();
      expect(full.equals(blank)).toBe(false);
      expect(full.length).toBeGreaterThan(blank.length * 2);
      await page.evaluate(() => document.getElementById("blank")!.remove());
    });

    it("lists the runs, newest first, linked to their reports", async () => {
      const links = await page.locator("#runs a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toEqual(["../r3/index.html", "../r2/index.html", "../r1/index.html"]);
    });

    it("opens a run's report when its point is clicked", async () => {
      const r2 = await readReportFile(join(dir, "r2"));
      const { x, y } = await page.evaluate(() => {
        const chart = (window as any).__trends.charts.reqMetI;
        const point = chart.getDatasetMeta(0).data[1];
        const box = chart.canvas.getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      });
      await page.mouse.click(x, y);
      await page.waitForURL(/\/r2\/index\.html$/);
      expect(await page.locator("header").textContent()).toContain(r2.runId);
    });
  },
);

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDiff } from "../../../harness/gates/diff.js";
import { hasChromium, launchChromium, SKIP_CHROMIUM } from "../../helpers/browser.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { repoRoot, tempDir } from "../../helpers/paths.js";

/** A project whose one candidate, "agent", is the demo's halfway workspaces in one run and ace's in the next. */
async function project(dir: string, seed: string) {
  const file = join(dir, `${seed}.yaml`);
  await writeFile(
    file,
    `suites: [${join(repoRoot, "tasks/demo")}]\njudge: {name: static}\ncandidates:\n  - name: ` +
      `agent\n    kind: dir\n    path: ${join(repoRoot, "seeds/workspaces", seed)}/{task}\n`,
  );
  return file;
}

describe.skipIf(!hasChromium)(
  `devjudge diff --html in headless Chromium (${hasChromium ? "chromium" : SKIP_CHROMIUM})`,
  () => {
    let browser: Browser;
    let page: Page;
    let diff: RunDiff;

    beforeAll(async () => {
      const dir = await tempDir();
      for (const seed of ["halfway", "ace"]) {
        const r = await devjudgeInProcess(["run", "--config", await project(dir, seed), "--output", join(dir, seed)]);
        expect(r.code, r.stderr).toBe(0);
      }
      const html = join(dir, "diff.html");
      const r = await devjudgeInProcess(["diff", join(dir, "halfway"), join(dir, "ace"), "--html", html, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      diff = JSON.parse(r.stdout);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(html).href);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
    });

    it("lists every flipped requirement, grouped by candidate and task, with both verdicts and reasons side by side", async () => {
      expect(diff.flips.length).toBeGreaterThan(3);
      expect(await page.locator("#flip-count").textContent()).toBe(String(diff.flips.length));
      expect(await page.locator("tr.flip").count()).toBe(diff.flips.length);
      const tasks = new Set(diff.flips.map((f) => f.task));
      expect(await page.locator("section.flips[data-candidate=agent] h3").allTextContents()).toEqual([...tasks]);
      for (const f of diff.flips) {
        const row = page.locator(`tr.flip[data-task="${f.task}"][data-req="${f.id}"]`);
        expect(await row.locator("td[data-side=base]").getAttribute("data-status")).toBe(f.from);
        expect(await row.locator("td[data-side=new]").getAttribute("data-status")).toBe(f.to);
        expect((await row.locator("td[data-side=base] .reason").textContent())!.length).toBeGreaterThan(0);
      }
      // evidence of both sides is on the page, e.g. the files the static judge cited
      expect(await page.locator("tr.flip td[data-side=new] .ev").count()).toBeGreaterThan(0);
    });

    it("shows each headline metric's base, new and delta", async () => {
      const m = diff.metrics.agent!;
      const cell = await page.locator("tr[data-candidate=agent] td[data-metric=reqMetI]").textContent();
      expect(cell).toBe(`${m.reqMetI.base.toFixed(2)} → ${m.reqMetI.next.toFixed(2)} (+${m.reqMetI.delta.toFixed(2)})`);
    });

    it("fits 1280 px without horizontal scrolling", async () => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    });
  },
);

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { percent } from "../../../harness/metrics/metrics.js";
import type { Report } from "../../../harness/report/types.js";
import { hasChromium, launchChromium, SKIP_CHROMIUM } from "../../helpers/browser.js";
import { devjudgeInProcess } from "../../helpers/cli-in-process.js";
import { tempDir } from "../../helpers/paths.js";

/**
 * The demo's own report (four candidates, three with human labels, preferences, traces), opened in
 * Chromium at 1280 px.
 */
describe.skipIf(!hasChromium)(
  `the demo's index.html in headless Chromium (${hasChromium ? "chromium" : SKIP_CHROMIUM})`,
  () => {
    let browser: Browser;
    let page: Page;
    let out: string;
    let report: Report;
    const requests: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      out = join(await tempDir(), "run");
      const run = await devjudgeInProcess(["run", "--output", out]);
      expect(run.code, run.stderr).toBe(0);
      report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
      browser = await launchChromium();
      page = await (
        await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
      ).newPage();
      page.on("request", (r) => requests.push(r.url()));
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForFunction(() => (window as unknown as { __report?: { ready: boolean } }).__report?.ready);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
    });

    const candidate = (name: string) => report.candidates.find((c) => c.name === name)!;

    it("loads with no request but the page and no script error", () => {
      expect(requests).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    });

    it("shows each label beside its verdict and marks every disagreement", async () => {
      for (const name of ["ace", "halfway", "broken"]) {
        const l = candidate(name).labels!;
        expect(
          await page.locator(`td.verdict[data-candidate=${name}][data-kind=requirement][data-label]`).count(),
        ).toBe(l.labelled);
        expect(
          await page
            .locator(`td.verdict[data-candidate=${name}][data-kind=requirement][data-disagree] .label.disagree`)
            .count(),
        ).toBe(l.disagreements.length);
        for (const d of l.disagreements.slice(0, 3)) {
          const cell = page.locator(
            `td.verdict[data-candidate=${name}][data-kind=requirement][data-task="${d.task}"][data-req="${d.id}"]`,
          );
          expect(await cell.getAttribute("data-label")).toBe(d.label);
          expect(await cell.getAttribute("data-status")).toBe(d.verdict);
        }
      }
      expect(await page.locator("td.verdict[data-candidate=scripted] .label").count()).toBe(0);
    });

    it("shows alignment and kappa per candidate in the header, the same numbers devjudge compare prints", async () => {
      for (const name of ["ace", "halfway"]) {
        const cmp = await devjudgeInProcess([
          "compare",
          "--labels",
          `seeds/labels/${name}.yaml`,
          "--verdicts",
          join(out, "report.json"),
          "--json",
        ]);
        expect(cmp.code, cmp.stderr).toBe(0);
        const c = JSON.parse(cmp.stdout) as { alignment: number; kappa: number };
        const header = page.locator(`header [data-agreement=${name}]`);
        expect(await header.locator("[data-alignment]").textContent()).toBe(`${c.alignment.toFixed(2)}%`);
        expect(await header.locator("[data-kappa]").textContent()).toBe(c.kappa.toFixed(3));
      }
    });

    it("filters to the disagreements only", async () => {
      // requirements (the disagreements compare counts) and preferences whose label differs from the verdict
      const disagreeing = (c: Report["candidates"][number]) => [
        ...(c.labels?.disagreements.map((d) => `r ${d.task}#${d.id}`) ?? []),
        ...c.tasks.flatMap((t) =>
          t.preferences.filter((v) => v.label && v.label !== v.status).map((v) => `p ${t.task}#${v.id}`),
        ),
      ];
      const rows = new Set(report.candidates.flatMap(disagreeing));
      await page.locator("#f-disagree").check();
      expect(await page.locator("tr.req:not(.hidden)").count()).toBe(rows.size);
      expect(await page.locator("tr.req:not(.hidden):not(:has(td[data-disagree]))").count()).toBe(0);
      await page.locator("#f-candidate").selectOption("halfway");
      const halfway = new Set(disagreeing(candidate("halfway")));
      expect(await page.locator("tr.req:not(.hidden)").count()).toBe(halfway.size);
      await page.locator("#f-candidate").selectOption("");
      await page.locator("#f-disagree").uncheck();
    });

    it("searches reasons and evidence too, though they stay unrendered until a verdict is opened", async () => {
      const v = candidate("broken").tasks[0]!.requirements.find((x) => x.status === "unsatisfied")!;
      const words = v.reason.slice(0, 40);
      await page.locator("#f-text").fill(words);
      const rows = page.locator("tr.req:not(.hidden)");
      expect(await rows.count()).toBeGreaterThan(0);
      for (const text of await rows.evaluateAll((rs) =>
        rs.map((r) => r.textContent + [...r.querySelectorAll("template")].map((t) => t.content.textContent).join(" ")),
      ))
        expect(text.toLowerCase()).toContain(words.toLowerCase());
      await page.locator("#f-text").fill("");
    });

    it("lists preferences like requirements, with a verdict per candidate", async () => {
      const prefs = report.suite.tasks.reduce((n, t) => n + t.preferences.length, 0);
      expect(prefs).toBeGreaterThan(0);
      expect(await page.locator("tr.req.preference").count()).toBe(prefs);
      expect(await page.locator("tr.req.preference td.verdict[data-kind=preference]").count()).toBe(
        prefs * report.candidates.length,
      );
      const t = candidate("ace").tasks[0]!;
      const p = t.preferences[0]!;
      expect(
        await page
          .locator(`td.verdict[data-candidate=ace][data-kind=preference][data-task="${t.task}"][data-req="${p.id}"]`)
          .getAttribute("data-status"),
      ).toBe(p.status);
    });

    it("expands and collapses every verdict; file evidence shows the cited lines numbered; a command appears once with its output", async () => {
      await page.locator("#expand-all").click();
      const all = await page.locator("td.verdict details").count();
      expect(await page.locator("td.verdict details[open]").count()).toBe(all);
      // no horizontal overflow with every verdict open, at 1280 px; sections off screen skip layout
      // (content-visibility: auto), so lay them all out before measuring
      const width = await page.evaluate(() => {
        for (const s of document.querySelectorAll<HTMLElement>("section.task")) s.style.contentVisibility = "visible";
        return document.documentElement.scrollWidth;
      });
      expect(width).toBeLessThanOrEqual(1280);

      const withLines = report.candidates
        .flatMap((c) => c.tasks.flatMap((t) => t.requirements.map((v) => ({ c: c.name, t: t.task, v }))))
        .find(({ v }) => v.evidence.some((e) => e.kind === "file" && e.excerpt && e.startLine));
      expect(withLines).toBeDefined();
      const ev = withLines!.v.evidence.find((e) => e.kind === "file" && e.excerpt && e.startLine)!;
      if (ev.kind !== "file") throw new Error("unreachable");
      const cell = page.locator(verdictCell(withLines!.c, withLines!.t, withLines!.v.id));
      const numbers = await cell.locator("pre.lines").first().locator(".ln").allTextContents();
      expect(numbers.map(Number)).toEqual(
        ev
          .excerpt!.replace(/\n$/, "")
          .split("\n")
          .map((_, i) => ev.startLine! + i),
      );

      const withCommand = report.candidates
        .flatMap((c) => c.tasks.flatMap((t) => t.requirements.map((v) => ({ c: c.name, t: t.task, v }))))
        .find(({ v }) => v.evidence.some((e) => e.kind === "command" && e.output));
      const cmd = withCommand!.v.evidence.find((e) => e.kind === "command")!;
      if (cmd.kind !== "command") throw new Error("unreachable");
      const cmdCell = page.locator(verdictCell(withCommand!.c, withCommand!.t, withCommand!.v.id));
      const shown = await cmdCell.locator(".ev.cmd code").allTextContents();
      expect(shown.filter((s) => s === `$ ${cmd.command}`)).toHaveLength(1);
      expect(await cmdCell.locator(".ev.cmd pre").first().textContent()).toBe(cmd.output);

      await page.locator("#collapse-all").click();
      expect(await page.locator("td.verdict details[open]").count()).toBe(0);
    });

    it("hides a candidate's columns, not only its rows, when another is picked", async () => {
      await page.locator("#f-candidate").selectOption("broken");
      for (const other of ["ace", "halfway", "scripted"]) {
        expect(await page.locator(`section.task th[data-col=${other}]`).first().isVisible()).toBe(false);
        expect(await page.locator(`td.verdict[data-candidate=${other}]:visible`).count()).toBe(0);
        expect(await page.locator(`table.grid th[data-col=${other}]`).isVisible()).toBe(false);
      }
      expect(await page.locator("section.task th[data-col=broken]").first().isVisible()).toBe(true);
      await page.locator("#f-candidate").selectOption("");
      expect(await page.locator("section.task th[data-col=ace]").first().isVisible()).toBe(true);
    });

    it("opens a unit's trace with every step's thought, tool call and observation and the agent's own totals", async () => {
      const unit = candidate("ace").tasks[0]!;
      await page.locator(`table.grid .trace-link[data-candidate=ace][data-task="${unit.task}"]`).click();
      const dialog = page.locator("dialog#trace-view");
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await dialog.locator("li.step").count()).toBe(unit.trace!.steps);
      expect(await dialog.locator(".trace-summary").textContent()).toContain(
        `${unit.trace!.inputTokens} / ${unit.trace!.outputTokens} tokens`,
      );
      expect(await dialog.locator("pre.part.action").count()).toBeGreaterThan(0);
      await dialog.locator("form.close button").click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
    });

    it("draws Req met per candidate and per category with the bundled Chart.js, and a radar across the four candidates", async () => {
      const data = await page.evaluate(() => {
        const r = (
          window as unknown as {
            __report: {
              charts: Record<
                string,
                { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } }
              >;
            };
          }
        ).__report;
        return Object.fromEntries(
          Object.entries(r.charts).map(([k, c]) => [
            k,
            { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })) },
          ]),
        );
      });
      expect(data.candidates!.labels).toEqual(report.candidates.map((c) => c.name));
      expect(data.candidates!.datasets[0]!.data).toEqual(report.candidates.map((c) => c.metrics.reqMetI));
      expect(data.candidates!.datasets[1]!.data).toEqual(report.candidates.map((c) => c.metrics.reqMetD));
      const ace = candidate("ace").metrics.categories;
      const cats = data.categories!.labels;
      expect(data.categories!.datasets[0]!.data).toEqual(
        cats.map((k) => ace.find((x) => x.category === k)?.reqMetI ?? null),
      );
      expect(data.radar!.datasets.map((d) => d.label)).toEqual(report.candidates.map((c) => c.name));
      // the canvas really has the bars painted
      const painted = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>("#chart-candidates")!;
        const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let blue = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] === 0x33 && px[i + 1] === 0x66 && px[i + 2] === 0xcc) blue++;
        return blue;
      });
      expect(painted).toBeGreaterThan(100);
    });

    it("review mode: three verdicts marked, exported as a labels file, read back by devjudge compare", async () => {
      await page.locator("#review-mode").check();
      const ace = candidate("ace");
      const decided = ace.tasks.flatMap((t) =>
        t.requirements
          .filter((v) => v.status === "satisfied" || v.status === "unsatisfied")
          .map((v) => ({ task: t.task, v })),
      );
      const marked = decided.slice(0, 3);
      for (const { task, v } of marked) {
        const cell = page.locator(
          `td.verdict[data-candidate=ace][data-kind=requirement][data-task="${task}"][data-req="${v.id}"]`,
        );
        await cell.locator("select.rv-status").selectOption(v.status === "satisfied" ? "unsatisfied" : "satisfied");
        await cell.locator("input.rv-note").fill(`reviewer: ${task}#${v.id} is wrong`);
      }
      expect(await page.locator("#review-count").textContent()).toBe("3 verdict(s) marked");
      // kept in localStorage: a reload remembers the marks
      await page.reload();
      await page.locator("#review-mode").check();
      expect(await page.locator("td.verdict.reviewed").count()).toBe(3);

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator(".export-labels[data-candidate=ace]").click(),
      ]);
      const file = join(out, "labels-from-review.yaml");
      await download.saveAs(file);
      expect(await readFile(file, "utf8")).toContain(`reviewer: ${marked[0]!.task}#${marked[0]!.v.id} is wrong`);

      const cmp = await devjudgeInProcess([
        "compare",
        "--labels",
        file,
        "--verdicts",
        join(out, "report.json"),
        "--json",
      ]);
      expect(cmp.code, cmp.stderr).toBe(0);
      const c = JSON.parse(cmp.stdout) as {
        requirements: number;
        alignment: number;
        confusion: Record<string, Record<string, number>>;
      };
      expect(c.requirements).toBe(decided.length);
      expect(c.alignment).toBe(percent(decided.length - 3, decided.length));
      const flippedToUnsat = marked.filter((m) => m.v.status === "satisfied").length;
      expect(c.confusion.unsatisfied?.satisfied ?? 0).toBe(flippedToUnsat);
    }, 120_000);
  },
);

/** The page's cell for one requirement's verdict. */
const verdictCell = (candidate: string, task: string, id: string | number) =>
  `td.verdict[data-candidate=${candidate}][data-kind=requirement][data-task="${task}"][data-req="${id}"]`;

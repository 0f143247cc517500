import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileError, InputError } from "../core/diagnostics.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { validateReport } from "../util/validators.js";
import { renderHtml } from "./render/html.js";
import { readTraceSteps } from "./render/html/read-steps.js";
import { renderJunit } from "./render/junit.js";
import { renderSummaryMarkdown } from "./render/summary-md.js";
import { REPORT_VERSION, type Report } from "./types.js";

export async function readReport(path: string): Promise<Report> {
  const file = path.endsWith(".json") ? path : join(path, "report.json");
  let report: Report;
  try {
    report = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      fileError(file, code === "ENOENT" ? "no such file" : `not valid JSON: ${(e as Error).message}`),
    ]);
  }
  if (report?.version !== REPORT_VERSION) {
    throw new InputError([
      fileError(file, `report version ${JSON.stringify(report?.version)} is not ${REPORT_VERSION}`, "version"),
    ]);
  }
  if (!validateReport(report)) {
    const first = validateReport.errors?.[0];
    throw new InputError([
      fileError(file, `does not match the report schema: ${first?.message}`, first?.instancePath ?? ""),
    ]);
  }
  return report;
}

export interface WrittenReports {
  summary: string;
  junit: string;
  html: string;
}

export type ReportPaths = { report: string } & WrittenReports;

/**
 * The one place a run directory's reports are written: report.json, then what is rendered from it.
 * `run`, `report` and `merge` all call it.
 */
export async function writeReports(report: Report, dir: string): Promise<ReportPaths> {
  const file = join(dir, "report.json");
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return { report: file, ...(await writeRenderedReports(report, dir)) };
}

/** The paths in the order displays list them. */
export const listPaths = (p: ReportPaths) => [p.report, p.summary, p.junit, p.html];

/** Renders summary.md, junit.xml and index.html beside report.json; appends the summary to $GITHUB_STEP_SUMMARY. */
export async function writeRenderedReports(report: Report, dir: string): Promise<WrittenReports> {
  const summaryMd = renderSummaryMarkdown(report);
  const traceSteps = await readTraceSteps(report);
  const out = { summary: join(dir, "summary.md"), junit: join(dir, "junit.xml"), html: join(dir, "index.html") };
  await Promise.all([
    writeFileAtomic(out.summary, summaryMd),
    writeFileAtomic(out.junit, renderJunit(report)),
    writeFileAtomic(out.html, renderHtml(report, { traceSteps })),
  ]);
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${summaryMd}\n`);
  return out;
}

import { join } from "node:path";
import { readCandidateLabels } from "../compare/label-agreement.js";
import { InputError } from "../core/diagnostics.js";
import { readJournal, startedEvent } from "../run/journal.js";
import { displayPath } from "../util/display-path.js";
import { VERSION } from "../version.js";
import { ReportBuilder } from "./build-report.js";
import type { Report } from "./types.js";

/**
 * Rebuilds a run's report from its journal alone (after a crash, or to check one against the
 * other); `onWarning` hears of a torn journal line or a labels file that cannot be read.
 */
export async function reportFromJournal(runDir: string, onWarning: (message: string) => void): Promise<Report> {
  const file = join(runDir, "journal.jsonl");
  const { events, warnings } = readJournal(file);
  for (const w of warnings) onWarning(w);
  const started = startedEvent(events);
  if (!started) throw new InputError([], `${displayPath(file)}: no run.started event`);
  const labels = await readCandidateLabels(started.manifest.config.candidates, onWarning);
  return ReportBuilder.fromEvents(events, VERSION).build(events.at(-1)!.at, labels);
}

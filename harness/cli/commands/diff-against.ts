import { table } from "../../display/summary.js";
import type { AgainstDiff } from "../../history/against.js";
import { diffAgainstLatest } from "../../history/against-latest.js";
import { CLASS_LABEL } from "../../history/classify.js";
import { HistoryError } from "../../history/open-db.js";
import { InputError } from "../../core/diagnostics.js";
import { EXIT } from "../exit-codes.js";

export interface AgainstFlags {
  against: string;
  branch?: string;
  db?: string;
  failOnRegression?: boolean;
  json?: boolean;
}

function print(d: AgainstDiff) {
  console.log(
    `base: ${d.base.runId} (${d.base.startedAt}${d.base.branch ? `, ${d.base.branch}` : ""}` +
      `${d.base.commit ? `@${d.base.commit.slice(0, 8)}` : ""}) · new: ${d.next.runId}`,
  );
  const f = (m: { base: number; next: number; delta: number }) =>
    `${m.base.toFixed(2)} → ${m.next.toFixed(2)} (${m.delta >= 0 ? "+" : ""}${m.delta.toFixed(2)})`;
  console.log(
    table(
      ["candidate", "Req met (I)", "Req met (D)", "solve rate"],
      Object.entries(d.metrics).map(([c, m]) => [c, f(m.reqMetI), f(m.reqMetD), f(m.solveRate)]),
    ).join("\n"),
  );
  console.log(`\n${d.flips.length} verdict(s) flipped`);
  for (const x of d.flips)
    console.log(`  ${x.candidate}/${x.task}#${x.id}: ${x.from} → ${x.to}  ${CLASS_LABEL[x.class]}`);
  if (d.regressions.length) {
    const all = d.regressions.reduce((n, r) => n + 1 + r.dependants.length, 0);
    console.log(`\n${all} regression(s) of the agent's work (class a), from ${d.regressions.length} requirement(s):`);
    for (const r of d.regressions) {
      console.log(`  ${r.candidate}/${r.task}#${r.id}: ${r.from} → ${r.to}`);
      if (r.dependants.length)
        console.log(`    explains its dependant(s) #${r.dependants.join(", #")} (they need #${r.id})`);
    }
  }
  if (d.otherRegressions.length)
    console.log(
      `\n${d.otherRegressions.length} satisfied → not satisfied from the judge or judge noise ` +
        `(not a regression of the agent's work): see the flips above`,
    );
}

/** `devjudge diff <run> --against last [--branch b]`: the run against the latest recorded run of a branch. */
export async function diffAgainstLast(runDir: string, flags: AgainstFlags): Promise<number> {
  if (flags.against !== "last") {
    console.error(
      `error: --against takes 'last' (the latest recorded run${flags.branch ? ` of ${flags.branch}` : ""}), ` +
        `not '${flags.against}'`,
    );
    return EXIT.usage;
  }
  try {
    const { where, diff: d } = await diffAgainstLatest(runDir, flags);
    if (!d) {
      console.log(
        `no recorded run${flags.branch ? ` of branch ${flags.branch}` : ""} in ${where} ` +
          `to compare with; nothing to gate on`,
      );
      return EXIT.ok;
    }
    if (flags.json) console.log(JSON.stringify(d, null, 2));
    else print(d);
    return flags.failOnRegression && d.regressions.length ? EXIT.failed : EXIT.ok;
  } catch (e) {
    if (!(e instanceof HistoryError || e instanceof InputError)) throw e;
    console.error(`error: ${e.message}`);
    return EXIT.usage;
  }
}

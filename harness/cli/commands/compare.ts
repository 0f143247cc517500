import type { Command } from "commander";
import { VERDICT_STATUSES } from "../../core/verdict.js";
import type { Comparison } from "../../compare/compare.js";
import { compareFiles, comparisonJson } from "../../compare/compare-files.js";
import { table } from "../../display/summary.js";
import { InputError } from "../../core/diagnostics.js";
import { EXIT } from "../exit-codes.js";
import { f2 } from "../../util/format.js";

interface CompareFlags {
  labels: string;
  verdicts: string[];
  json?: boolean;
}

export function registerCompare(program: Command) {
  program
    .command("compare")
    .description("compare verdicts with human labels: alignment, Cohen's kappa, metrics and judge shift")
    .requiredOption("--labels <path>", "human labels: a devjudge labels file, report.json, or a DevAI judgment folder")
    .requiredOption(
      "--verdicts <paths...>",
      "one or more verdict sets (report.json, run dir, labels file or DevAI judgment folder)",
    )
    .option("--json", "print one JSON object (several verdict sets: {comparisons: [...]})")
    .action(async (flags: CompareFlags) => {
      try {
        const { comparisons, skipped } = await compareFiles(flags.labels, flags.verdicts);
        if (skipped.length) console.error(`no labels in ${flags.labels} for: ${skipped.join(", ")} (skipped)`);
        if (flags.json) {
          const out = comparisons.map(comparisonJson);
          console.log(JSON.stringify(out.length === 1 ? out[0] : { comparisons: out }, null, 2));
        } else printText(comparisons);
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = EXIT.usage;
      }
    });
}

function printText(cs: Comparison[]) {
  const rows = cs.map((c) => [
    c.verdictsName,
    c.labelsName,
    c.requirements,
    f2(c.alignment),
    c.kappa.toFixed(3),
    `${f2(c.verdicts.reqMetI)} / ${f2(c.labels.reqMetI)} (${f2(c.shift.reqMetI)})`,
    `${f2(c.verdicts.reqMetD)} / ${f2(c.labels.reqMetD)} (${f2(c.shift.reqMetD)})`,
    `${f2(c.verdicts.solveRate)} / ${f2(c.labels.solveRate)} (${f2(c.shift.solveRate)})`,
  ]);
  console.log(
    table(
      [
        "verdicts",
        "labels",
        "reqs",
        "align %",
        "kappa",
        "Req (I) v / l (shift)",
        "Req (D) v / l (shift)",
        "solve v / l (shift)",
      ],
      rows,
    ).join("\n"),
  );
  for (const c of cs) {
    console.log(`\n${c.verdictsName} vs ${c.labelsName}`);
    const statuses = VERDICT_STATUSES.filter((s) => s in c.confusion);
    const cols = VERDICT_STATUSES.filter((s) => statuses.includes(s) || Object.values(c.confusion).some((r) => r[s]));
    console.log(
      table(
        ["labels \\ verdicts", ...cols],
        statuses.map((l) => [l, ...cols.map((v) => c.confusion[l]![v] ?? 0)]),
      ).join("\n"),
    );
    console.log("");
    console.log(
      table(
        ["category", "reqs", "align %", "Req (I) v", "Req (I) l"],
        c.categories.map((k) => {
          const v = c.verdicts.metrics.categories.find((x) => x.category === k.category);
          const l = c.labels.metrics.categories.find((x) => x.category === k.category);
          return [k.category, k.requirements, f2(k.alignment), f2(v?.reqMetI ?? 0), f2(l?.reqMetI ?? 0)];
        }),
      ).join("\n"),
    );
    const { onlyInLabels, onlyInVerdicts } = c.unmatched;
    if (onlyInLabels.length)
      console.log(
        `\nonly in labels (${onlyInLabels.length}): ` +
          `${onlyInLabels.slice(0, 20).join(", ")}${onlyInLabels.length > 20 ? ", …" : ""}`,
      );
    if (onlyInVerdicts.length)
      console.log(
        `only in verdicts (${onlyInVerdicts.length}): ` +
          `${onlyInVerdicts.slice(0, 20).join(", ")}${onlyInVerdicts.length > 20 ? ", …" : ""}`,
      );
  }
}

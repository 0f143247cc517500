import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError, type Diagnostic } from "../tasks/diagnostics.js";
import { makeAjv, schemaDiagnostics } from "../util/schema-check.js";
import { locate, parseYamlSource } from "../util/yaml-source.js";
import schema from "./config.schema.json" with { type: "json" };
import type { CandidateConfig, Config, JudgeName } from "./types.js";

const validate = makeAjv().compile(schema);

interface RawConfig {
  suites: string | string[];
  output?: string;
  concurrency?: number;
  judge?: { name?: JudgeName };
  candidates: (Omit<CandidateConfig, "kind"> & { kind: string })[];
}

export const DEFAULT_CONFIG_FILE = "devjudge.yaml";

/** Diagnostics for a project file: schema errors and duplicate candidate names, each at its line. */
export function checkConfigText(file: string, text: string): { raw?: RawConfig; diagnostics: Diagnostic[] } {
  const src = parseYamlSource(file, text);
  if (src.syntaxErrors.length) {
    return { diagnostics: src.syntaxErrors.map((e) => ({ file, ...e, path: "", message: `YAML syntax: ${e.message}`, severity: "error" })) };
  }
  const diagnostics = schemaDiagnostics(validate, src.value ?? {}, src);
  if (diagnostics.length) return { diagnostics };
  const raw = src.value as RawConfig;
  const seen = new Set<string>();
  raw.candidates.forEach((c, i) => {
    if (seen.has(c.name)) {
      const { line, col } = locate(src, ["candidates", i, "name"]);
      diagnostics.push({ file, line, col, path: `candidates[${i}].name`, message: `duplicate candidate name '${c.name}'`, severity: "error" });
    }
    seen.add(c.name);
  });
  return { raw, diagnostics };
}

/** Reads devjudge.yaml; relative paths in it are relative to the file's folder. Throws InputError. */
export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError([{ file, line: 1, col: 1, path: "", message: "no such file (run `devjudge init` to write one, or pass --config)", severity: "error" }]);
  }
  const { raw, diagnostics } = checkConfigText(file, text);
  if (!raw || diagnostics.length) throw new InputError(diagnostics);
  const base = dirname(resolve(file));
  const abs = (p: string) => resolve(base, p);
  return {
    file,
    suites: [raw.suites].flat().map(abs),
    output: abs(raw.output ?? "reports"),
    concurrency: raw.concurrency ?? 4,
    judge: { name: raw.judge?.name ?? "static" },
    candidates: raw.candidates.map((c) => ({
      name: c.name,
      kind: "dir",
      path: abs(c.path),
      trajectory: c.trajectory ? abs(c.trajectory) : undefined,
      labels: c.labels ? abs(c.labels) : undefined,
    })),
  };
}

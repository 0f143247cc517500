import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileError, InputError, type Diagnostic } from "../core/diagnostics.js";
import { schemaDiagnostics, schemaProblems } from "../util/schema-check.js";
import { validateConfig as validate } from "../util/validators.js";
import { formatPath, locate, parseYamlSource, type YamlSource } from "../util/yaml-source.js";
import type { CandidateConfig, Config, JudgeConfig } from "./types.js";

type Raw = Record<string, any>; // shape guaranteed by the schema check above its use

export const DEFAULT_CONFIG_FILE = "devjudge.yaml";

/** Diagnostics for a project file: schema errors and duplicate candidate names, each at its line. */
export function checkConfigText(
  file: string,
  text: string,
): { raw?: Raw; src?: YamlSource; diagnostics: Diagnostic[] } {
  const src = parseYamlSource(file, text);
  if (src.syntaxErrors.length) {
    return {
      diagnostics: src.syntaxErrors.map((e) => ({
        file,
        ...e,
        path: "",
        message: `YAML syntax: ${e.message}`,
        severity: "error",
      })),
    };
  }
  const diagnostics = schemaDiagnostics(validate, src.value ?? {}, src);
  if (diagnostics.length) return { diagnostics };
  const raw = src.value as Raw;
  const seen = new Set<string>();
  (raw.candidates as Raw[]).forEach((c, i) => {
    if (seen.has(c.name)) {
      const { line, col } = locate(src, ["candidates", i, "name"]);
      diagnostics.push({
        file,
        line,
        col,
        path: `candidates[${i}].name`,
        message: `duplicate candidate name '${c.name}'`,
        severity: "error",
      });
    }
    seen.add(c.name);
  });
  // the resolved configuration is journaled: a database password must not be written in it
  if (typeof raw.history?.db === "string" && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(raw.history.db)) {
    const { line, col } = locate(src, ["history", "db"]);
    diagnostics.push({
      file,
      line,
      col,
      path: "history.db",
      message:
        "a password in history.db would be copied into every run's journal: set it in $PGPASSWORD or ~/.pgpass, " +
        "or pass the URL with --db or $DEVJUDGE_HISTORY_DB",
      severity: "error",
    });
  }
  return { raw, src, diagnostics };
}

/** Whether parsed YAML is a project file rather than a task or a suite file: it names candidates or suites. */
export function looksLikeProject(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return ("candidates" in value || "suites" in value) && !("tasks" in value) && !("requirements" in value);
}

/**
 * `--set judge.temperature=0.7`: any option of the project file, by its dotted path; the value is
 * read as YAML (numbers, booleans, lists). The result is checked against the schema again.
 */
export function applySets(raw: Raw, sets: string[]): Raw {
  const out = structuredClone(raw);
  for (const spec of sets) {
    const eq = spec.indexOf("=");
    if (eq <= 0)
      throw new InputError([], `--set '${spec}': expected <option.path>=<value>, e.g. judge.temperature=0.7`);
    const path = spec.slice(0, eq).split(".");
    let node: Raw = out;
    for (const key of path.slice(0, -1)) {
      if (node[key] === undefined) node[key] = {};
      if (typeof node[key] !== "object" || node[key] === null)
        throw new InputError([], `--set '${spec}': ${key} is not a section`);
      node = node[key];
    }
    node[path.at(-1)!] = parseYaml(spec.slice(eq + 1));
  }
  const problems = schemaProblems(validate, out);
  if (problems.length) {
    throw new InputError(
      [],
      problems.map((p) => `--set: ${formatPath(p.path) || "(the project file)"}: ${p.message}`).join("\n"),
    );
  }
  return out;
}

/** Reads devjudge.yaml; relative paths in it are relative to the file's folder. Throws InputError. */
export async function loadConfig(file: string, sets: string[] = []): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError([fileError(file, "no such file (run `devjudge init` to write one, or pass --config)")]);
  }
  const { raw, diagnostics } = checkConfigText(file, text);
  if (!raw || diagnostics.length) throw new InputError(diagnostics);
  return resolveConfig(sets.length ? applySets(raw, sets) : raw, dirname(resolve(file)), file);
}

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[^/]+@[^:]+:/.test(s);

export function resolveConfig(raw: Raw, base: string, file?: string): Config {
  const abs = (p: string) => resolve(base, p);
  const conc = raw.concurrency;
  const j: Raw = raw.judge ?? {};
  const judge: JudgeConfig = {
    name: j.name ?? "static",
    workflow: j.workflow ?? "pipeline",
    model: j.model ?? "gpt-4o-mini",
    baseUrl: j.base_url,
    apiKeyEnv: j.api_key_env ?? "OPENAI_API_KEY",
    temperature: j.temperature ?? 0,
    maxTokens: j.max_tokens,
    maxTokensOnCutOff: j.max_tokens_on_cut_off ?? (j.max_tokens ? j.max_tokens * 2 : 16_384),
    timeoutS: j.timeout ?? 120,
    votes: j.votes ?? 1,
    vision: j.vision ?? false,
    runTool: j.run_tool ?? false,
    staticFirst: j.static_first ?? true,
    promptLayout: j.prompt_layout ?? "shared-first",
    batch: j.batch ?? false,
    batchPollS: j.batch_poll ?? 30,
    maxSteps: j.max_steps ?? 12,
    maxTokensPerRequirement: j.max_tokens_per_requirement ?? 60_000,
    requestsPerMinute: j.requests_per_minute,
    tokensPerMinute: j.tokens_per_minute,
    prices: Object.fromEntries(
      Object.entries((j.prices ?? {}) as Raw).map(([model, p]) => [
        model,
        { input: p.input, output: p.output, ...(p.cached_input !== undefined ? { cachedInput: p.cached_input } : {}) },
      ]),
    ),
  };
  return {
    file,
    suites: [raw.suites].flat().map(abs),
    output: abs(raw.output ?? "reports"),
    mode: raw.mode ?? "independent",
    concurrency:
      typeof conc === "number"
        ? { candidates: conc, judges: conc }
        : { candidates: conc?.candidates ?? 2, judges: conc?.judges ?? 8 },
    retries: {
      max: raw.retries?.max ?? 5,
      baseDelayS: raw.retries?.base_delay ?? 1,
      maxDelayS: raw.retries?.max_delay ?? 60,
    },
    cache: { enabled: raw.cache?.enabled ?? true, dir: abs(raw.cache?.dir ?? ".devjudge/cache") },
    workDir: abs(raw.work_dir ?? ".devjudge/work"),
    history: {
      enabled: raw.history?.enabled ?? true,
      db:
        raw.history?.db && /^postgres(ql)?:\/\//i.test(raw.history.db)
          ? raw.history.db
          : abs(raw.history?.db ?? ".devjudge/history.db"),
    },
    judge,
    candidates: (raw.candidates as Raw[]).map((c): CandidateConfig => {
      const common = {
        name: c.name,
        labels: c.labels ? abs(c.labels) : undefined,
        trajectoryFormat: c.format ?? c.trajectory_format,
      };
      switch (c.kind) {
        case "dir":
          return {
            ...common,
            kind: "dir",
            path: abs(c.path),
            trajectory: c.trajectory ? abs(c.trajectory) : undefined,
          };
        case "git":
          return {
            ...common,
            kind: "git",
            repo: isUrl(c.repo) || isAbsolute(c.repo) ? c.repo : abs(c.repo),
            ref: c.ref ?? "HEAD",
            path: c.path,
            trajectory: c.trajectory,
          };
        default:
          return {
            ...common,
            kind: "command",
            run: c.run,
            agent: c.agent,
            agentModel: c.agent_model,
            agentBaseUrl: c.agent_base_url,
            neverPass: [judge.apiKeyEnv],
            configDir: base,
            template: c.template && {
              dir: c.template.dir ? abs(c.template.dir) : undefined,
              repo: c.template.repo && !isUrl(c.template.repo) ? abs(c.template.repo) : c.template.repo,
              ref: c.template.ref,
            },
            timeoutS: c.timeout ?? 1800,
            env: c.env ?? [],
            network: c.network ?? false,
            trajectory: c.trajectory,
          };
      }
    }),
  };
}

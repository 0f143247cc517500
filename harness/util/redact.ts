/**
 * Takes secrets out of text devjudge writes (error messages end up in the journal, report.json,
 * HTML, JUnit): every configured secret's value, and anything shaped like an API key or bearer
 * token — an endpoint that echoes the key in a 401 must not put it into a report.
 */
const secrets = new Set<string>();

/** Values never to write (the judge's API key, the variables passed to agents); short ones are ignored. */
export function registerSecrets(values: Iterable<string | undefined>) {
  for (const v of values) if (v && v.length >= 8) secrets.add(v);
}

const TOKEN_SHAPES = [
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, // OpenAI, Anthropic (sk-ant-…) and look-alikes
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(?:ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{16,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
];
const QUICK = /sk-|pk-|rk-|bearer|gh[posu]_|github_pat_|xox|AKIA|AIza/i;

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.replaceAll(s, "[redacted]");
  if (!QUICK.test(out)) return out;
  for (const re of TOKEN_SHAPES)
    out = out.replace(re, (m) => (/^bearer/i.test(m) ? "Bearer [redacted]" : "[redacted]"));
  return out;
}

/** A copy of a JSON-like value with every string redacted (the same object when nothing changed). */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map(redactDeep);
    return (mapped.some((v, i) => v !== value[i]) ? mapped : value) as T;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = redactDeep(v);
      if (out[k] !== v) changed = true;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

import type { RunManifest } from "../events/types.js";
import { InputError } from "../core/diagnostics.js";
import { unitKey } from "../core/keys.js";

/** FNV-1a: a stable hash, so a unit stays in its shard when tasks or candidates are added. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function inShard(candidate: string, task: string, shard?: { index: number; total: number }): boolean {
  return !shard || fnv1a(unitKey(candidate, task)) % shard.total === shard.index - 1;
}

/** `2/5` → { index: 2, total: 5 }; throws on anything else. */
export function parseShard(spec: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total)
    throw new InputError([], `--shard '${spec}': expected i/N with 1 ≤ i ≤ N`);
  return { index, total };
}

/** The candidate × task units of a run (its shard only), candidates in config order, tasks in suite order. */
export function runUnits(m: RunManifest) {
  return m.candidates.flatMap((c) =>
    m.tasks.filter((t) => inShard(c.name, t.id, m.shard)).map((t) => ({ candidate: c.name, task: t })),
  );
}

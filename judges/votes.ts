import type { UsageMeter } from "../harness/llm/client.js";
import type { Evidence, Verdict, VerdictStatus } from "./types.js";
import type { ModelVerdict } from "./verdict-schema.js";

/**
 * Runs k samples and lets a strict majority of all k decide; a tie, or failures that leave no
 * majority, give undecided; all k failing is an error with the cause — never unsatisfied.
 */
export async function vote(
  k: number,
  sample: (i: number) => Promise<ModelVerdict>,
  meter: UsageMeter,
  judge: string,
  started: number,
): Promise<Verdict> {
  const results = await Promise.all(
    Array.from({ length: k }, (_, i) =>
      sample(i).then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, error: (e as Error).message ?? String(e) }),
      ),
    ),
  );
  const votes: VerdictStatus[] = results.map((r) => (r.ok ? r.v.status : "error"));
  const done = (status: VerdictStatus, reason: string, evidence: Evidence[], confidence: number): Verdict => ({
    status,
    reason,
    evidence,
    confidence,
    ...(k > 1 ? { votes } : {}),
    usage: meter.toJSON(),
    durationMs: performance.now() - started,
    judge,
  });
  const ok = results.filter((r) => r.ok);
  if (ok.length === 0) {
    const first = results.find((r) => !r.ok);
    return done("error", first && !first.ok ? first.error : "no sample", [], 0);
  }
  const tally = new Map<VerdictStatus, number>();
  for (const r of ok) tally.set(r.v.status, (tally.get(r.v.status) ?? 0) + 1);
  const [winner, count] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (count * 2 <= k) {
    const failed = k - ok.length;
    const why = failed
      ? `no majority: ${[...tally].map(([s, n]) => `${n} ${s}`).join(", ")}, ${failed} failed`
      : `votes tied: ${[...tally].map(([s, n]) => `${n} ${s}`).join(", ")}`;
    return done("undecided", why, [], count / k);
  }
  const chosen = ok.find((r) => r.v.status === winner)!.v;
  return done(winner, chosen.reason, chosen.evidence, count / k);
}

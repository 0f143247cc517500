import type { VerdictStatus } from "../../../core/verdict.js";
import type { ReportSuiteTask } from "../../types.js";
import { esc } from "./esc.js";

/** Layered drawing of a task's requirement DAG: a node's column is its longest prerequisite chain. */
export function dagSvg(task: ReportSuiteTask, statuses: (id: string) => VerdictStatus[]): string {
  const byId = new Map(task.requirements.map((r) => [String(r.id), r]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const r = byId.get(id);
    const d =
      r && r.prerequisites.length
        ? 1 + Math.max(...r.prerequisites.map((p) => (byId.has(String(p)) ? depthOf(String(p), seen) : -1)))
        : 0;
    depth.set(id, d);
    return d;
  };
  const cols = new Map<number, string[]>();
  for (const r of task.requirements) {
    const d = depthOf(String(r.id));
    cols.set(d, [...(cols.get(d) ?? []), String(r.id)]);
  }
  const W = 110;
  const H = 44;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of cols) ids.forEach((id, i) => pos.set(id, { x: 10 + d * W, y: 10 + i * H }));
  const width = 10 + (Math.max(...cols.keys()) + 1) * W;
  const height = 10 + Math.max(...[...cols.values()].map((c) => c.length)) * H;
  const edges = task.requirements.flatMap((r) =>
    r.prerequisites
      .filter((p) => pos.has(String(p)))
      .map((p) => {
        const a = pos.get(String(p))!;
        const b = pos.get(String(r.id))!;
        return (
          `<path d="M${a.x + 70},${a.y + 15} C${a.x + 90},${a.y + 15} ${b.x - 20},${b.y + 15} ${b.x},${b.y + 15}" ` +
          `class="edge" marker-end="url(#arrow)"/>`
        );
      }),
  );
  const nodes = task.requirements.map((r) => {
    const { x, y } = pos.get(String(r.id))!;
    const dots = statuses(String(r.id))
      .map((s, i) => `<circle cx="${x + 10 + i * 10}" cy="${y + 24}" r="3.5" class="dot ${s}"/>`)
      .join("");
    return (
      `<g class="node" data-req="${esc(r.id)}"><title>#${esc(r.id)} ${esc(r.criteria)}</title>` +
      `<rect x="${x}" y="${y}" width="70" height="30" rx="6"/>` +
      `<text x="${x + 8}" y="${y + 13}">#${esc(r.id)}</text>${dots}</g>`
    );
  });
  return (
    `<div class="dag-wrap"><svg class="dag" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">` +
    `<path d="M0,0 L10,5 L0,10 z"/></marker></defs>${edges.join("")}${nodes.join("")}</svg></div>`
  );
}

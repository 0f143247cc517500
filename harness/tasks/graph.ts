import type { ItemId } from "./types.js";

export interface GraphNode {
  id: ItemId;
  prerequisites: ItemId[];
}

export type GraphProblem =
  | { kind: "duplicate"; index: number; firstIndex: number; id: ItemId }
  | { kind: "unknown"; index: number; prereqIndex: number; id: ItemId; prereq: ItemId }
  | { kind: "self"; index: number; prereqIndex: number; id: ItemId }
  | { kind: "cycle"; index: number; cycle: ItemId[] };

export function graphMessage(p: GraphProblem, noun = "requirement"): string {
  switch (p.kind) {
    case "duplicate":
      return `duplicate ${noun} id ${p.id} (first used by ${noun}s[${p.firstIndex}])`;
    case "unknown":
      return `unknown ${noun} id ${p.prereq}`;
    case "self":
      return `${noun} ${p.id} lists itself as a prerequisite`;
    case "cycle":
      return `prerequisite cycle: ${[...p.cycle, p.cycle[0]].join(" → ")}`;
  }
}

/** Finds duplicate ids, unknown prerequisites, self-loops and cycles (each cycle printed once). */
export function checkGraph(nodes: GraphNode[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => {
    const key = String(n.id);
    const first = indexOf.get(key);
    if (first !== undefined) problems.push({ kind: "duplicate", index: i, firstIndex: first, id: n.id });
    else indexOf.set(key, i);
  });
  const edges = nodes.map(() => [] as number[]);
  nodes.forEach((n, i) => {
    n.prerequisites.forEach((pre, j) => {
      const target = indexOf.get(String(pre));
      if (String(pre) === String(n.id)) problems.push({ kind: "self", index: i, prereqIndex: j, id: n.id });
      else if (target === undefined)
        problems.push({ kind: "unknown", index: i, prereqIndex: j, id: n.id, prereq: pre });
      else edges[i]!.push(target);
    });
  });
  for (const cycle of findCycles(edges)) {
    problems.push({ kind: "cycle", index: cycle[0]!, cycle: cycle.map((i) => nodes[i]!.id) });
  }
  return problems;
}

/** One cycle per strongly connected group, found by depth-first search over node indexes. */
export function findCycles(edges: number[][]): number[][] {
  const state = new Uint8Array(edges.length); // 0 new, 1 on stack, 2 done
  const onCycle = new Uint8Array(edges.length);
  const stack: number[] = [];
  const cycles: number[][] = [];
  const visit = (start: number) => {
    // iterative DFS so a long chain cannot overflow the call stack
    const iters: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state[start] = 1;
    stack.push(start);
    while (iters.length) {
      const top = iters[iters.length - 1]!;
      const out = edges[top.node]!;
      if (top.next < out.length) {
        const to = out[top.next++]!;
        if (state[to] === 0) {
          state[to] = 1;
          stack.push(to);
          iters.push({ node: to, next: 0 });
        } else if (state[to] === 1) {
          const cycle = stack.slice(stack.indexOf(to));
          if (!cycle.every((n) => onCycle[n])) {
            cycle.forEach((n) => (onCycle[n] = 1));
            cycles.push(cycle);
          }
        }
      } else {
        state[top.node] = 2;
        stack.pop();
        iters.pop();
      }
    }
  };
  for (let i = 0; i < edges.length; i++) if (state[i] === 0) visit(i);
  return cycles;
}

/** Requirement ids in an order where every prerequisite comes first (input order breaks ties). */
export function topologicalOrder(nodes: GraphNode[]): ItemId[] {
  const done = new Set<string>();
  const order: ItemId[] = [];
  const byId = new Map(nodes.map((n) => [String(n.id), n]));
  const visit = (n: GraphNode, path: Set<string>) => {
    const key = String(n.id);
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const pre of n.prerequisites) {
      const p = byId.get(String(pre));
      if (p) visit(p, path);
    }
    done.add(key);
    order.push(n.id);
  };
  for (const n of nodes) visit(n, new Set());
  return order;
}

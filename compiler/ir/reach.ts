// The nodes some targets need: everything their values are computed from, in the IR's
// topological (id) order, optionally stopping at given nodes (values that come from outside, as
// an exported call's inputs). Read by the runtime's plans and by the emitters' graphs.
import type { IrGraph } from "./types.js";

export function nodesNeeded(ir: IrGraph, roots: Iterable<number>, leaves: ReadonlySet<number> = new Set()): number[] {
  const needed = new Uint8Array(ir.nodes.length);
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed[id]) continue;
    needed[id] = 1;
    if (leaves.has(id)) continue;
    for (const i of ir.nodes[id]!.inputs) if (i >= 0 && !needed[i]) stack.push(i);
  }
  const order: number[] = [];
  for (let id = 0; id < needed.length; id++) if (needed[id]) order.push(id);
  return order;
}

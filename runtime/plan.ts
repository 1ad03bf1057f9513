// What to compute for a request: the nodes the targets depend on, in the IR's topological order,
// and for each computed value the position of its last reader, so a forward pass can free every
// intermediate as soon as nothing needs it.
import { nodesNeeded } from "../compiler/ir/reach.js";
import { ownerOf, type IrGraph } from "../compiler/ir/types.js";

export interface Plan {
  /** Node ids to evaluate, ascending (the IR's ids are topological). */
  readonly order: readonly number[];
  /** Node id → index in `order` of its last reader; targets are never freed. */
  readonly lastUse: ReadonlyMap<number, number>;
  readonly targets: ReadonlySet<number>;
}

export function planFor(ir: IrGraph, targets: Iterable<number>): Plan {
  const wanted = new Set(targets);
  const order = nodesNeeded(ir, wanted);
  const lastUse = new Map<number, number>();
  order.forEach((id, at) => {
    for (const i of ir.nodes[id]!.inputs) if (i >= 0) lastUse.set(i, at);
  });
  for (const t of wanted) lastUse.delete(t);
  return { order, lastUse, targets: wanted };
}

/** The stored tensors a plan reads: parameter owners (an alias reads its owner) and buffers. */
export function stateRead(ir: IrGraph, plan: Plan): Set<string> {
  const names = new Set<string>();
  for (const id of plan.order) {
    const node = ir.nodes[id]!;
    if (node.op === "param") names.add(ownerOf(ir, String(node.attrs["name"])));
    else if (node.op === "buffer") names.add(String(node.attrs["name"]));
  }
  return names;
}

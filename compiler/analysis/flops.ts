// FLOPs: each node's op rule (multiply-add = 2 FLOPs, elementwise = 1 per element, see the op
// registry), counted at every call and attributed to the instance whose forward emitted it and
// to its ancestors. Results are symbolic in the input dims; `evaluate` binds them (B = 1 gives
// per-sample FLOPs).
import { getOp } from "../ir/ops.js";
import type { IrGraph } from "../ir/types.js";
import { Dim } from "../shapes/dim.js";

export const FLOP_CONVENTION =
  "multiply-add = 2 FLOPs; elementwise ops 1 per element; softmax 3, layer norm 5 per element; counted at every call";

export function nodeFlops(ir: IrGraph): Dim[] {
  return ir.nodes.map((n) => {
    const op = getOp(n.op);
    if (op.source) return Dim.of(0);
    return op.flops(
      n.inputs.map((i) => (i < 0 ? undefined : ir.nodes[i]!.type)),
      n.attrs,
      n.type,
    );
  });
}

/** FLOPs per instance path, inclusive of its descendants ("" is the whole model). */
export function flopsByInstance(ir: IrGraph, perNode: readonly Dim[]): Map<string, Dim> {
  const own = new Map<string, Dim>();
  ir.nodes.forEach((n, i) => {
    const f = perNode[i]!;
    if (f.value === 0) return;
    own.set(n.scope, (own.get(n.scope) ?? Dim.of(0)).add(f));
  });
  const inclusive = new Map<string, Dim>();
  const visit = (path: string): Dim => {
    const inst = ir.instances.get(path);
    let total = own.get(path) ?? Dim.of(0);
    for (const c of inst?.children ?? []) total = total.add(visit(c));
    inclusive.set(path, total);
    return total;
  };
  visit("");
  return inclusive;
}

/** The exact count once the bindings are substituted; undefined if it stays symbolic. */
export function evaluateExact(d: Dim, bindings: ReadonlyMap<string, Dim>): bigint | undefined {
  return d.substitute(bindings).exact;
}

/** The count as a number (the nearest double past 2^53): for ratios and benchmarks. */
export function evaluate(d: Dim, bindings: ReadonlyMap<string, Dim>): number | undefined {
  const n = evaluateExact(d, bindings);
  return n === undefined ? undefined : Number(n);
}

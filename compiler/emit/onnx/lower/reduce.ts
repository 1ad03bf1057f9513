// Reductions in the form the opset wants: ReduceSum has taken its axes as an input since opset
// 13, ReduceMean and ReduceMax only since 18 (an attribute before).
import { attr } from "../builder.js";
import type { Lower } from "./context.js";

export type ReduceOp = "ReduceSum" | "ReduceMean" | "ReduceMax";

export function reduce(c: Lower, op: ReduceOp, x: string, axes: readonly number[], keepdims: boolean, final = false): string {
  const make = final ? c.result.bind(c) : c.op.bind(c);
  const keep = { keepdims: attr.int(keepdims ? 1 : 0) };
  if (axes.length === 0) return make("Identity", [x]);
  if (op === "ReduceSum" || c.opset >= 18) return make(op, [x, c.g.int64s(axes)], keep);
  return make(op, [x], { ...keep, axes: attr.ints(axes) });
}

/** Every axis of a tensor of this rank. */
export function allAxes(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i);
}

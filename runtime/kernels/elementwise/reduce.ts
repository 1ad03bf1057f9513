// What the reductions share: the axis attribute (null: every axis) and keepdims.
import type { Tensor } from "../../tf.js";
import type { KernelContext } from "../types.js";
import { axisAttr } from "../attrs.js";

export interface Reduction {
  /** The axes to reduce: the attribute's one axis, or all of them. */
  readonly axes: number[];
  readonly keepdims: boolean;
}

export function reduction(x: Tensor, ctx: KernelContext): Reduction {
  const a = axisAttr(ctx, "axis", x.rank);
  return { axes: a === null ? x.shape.map((_, i) => i) : [a], keepdims: ctx.node.attrs["keepdims"] === true };
}

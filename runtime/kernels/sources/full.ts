// full: a tensor of the shape attribute (dims bound for this run) filled with one value, in the
// node's dtype: truncated toward zero for integers (as torch.full), nonzero → true for bool.
import { tfDtype } from "../../dtypes.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimsAttr, numberAttr } from "../attrs.js";

export const op = "full";
export const kernel: Kernel = (_inputs, ctx) => {
  const dtype = tfDtype(ctx.node.type.dtype);
  const v = numberAttr(ctx, "value");
  const value = dtype === "bool" ? Number(v !== 0) : dtype === "int32" ? Math.trunc(v) : v;
  return tf.fill(dimsAttr(ctx, "shape"), value, dtype);
};

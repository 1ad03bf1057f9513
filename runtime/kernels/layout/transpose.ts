// transpose: swaps two axes (default the last two).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "transpose";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const a = axisAttr(ctx, "a", x.rank)!;
  const b = axisAttr(ctx, "b", x.rank)!;
  if (a === b) return x;
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return tf.transpose(x, perm);
};

// argmax: the int32 index of the largest value along an axis, the first one on ties (as
// PyTorch); with axis null, the index into the flattened tensor. No gradient.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "argmax";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const a = axisAttr(ctx, "axis", x.rank);
  if (a === null) return tf.argMax(tf.reshape(x, [-1]), 0);
  return tf.argMax(x, a);
};

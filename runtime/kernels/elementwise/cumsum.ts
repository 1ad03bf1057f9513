// cumsum: the running sum along one axis (torch.cumsum). tfjs's Cumsum gradient is wrong for an
// axis other than the last (tfjs 4.22 transposes the gradient and returns it with the wrong
// shape), so the axis is swapped to the end and back; along the last axis the gradient is the
// reversed running sum of the incoming gradient, on cpu and wasm.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "cumsum";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const a = axisAttr(ctx, "axis", x.rank)!;
  const last = x.rank - 1;
  if (a === last) return tf.cumsum(x, last);
  const swap = x.shape.map((_, i) => (i === a ? last : i === last ? a : i));
  return tf.transpose(tf.cumsum(tf.transpose(x, swap), last), swap);
};

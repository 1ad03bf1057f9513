// squeeze: removes one axis of size 1.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "squeeze";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank)!;
  return tf.reshape(x, x.shape.filter((_, i) => i !== axis));
};

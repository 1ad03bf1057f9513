// unsqueeze: inserts an axis of size 1 (a negative axis counts from the end of the result).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "unsqueeze";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank + 1)!;
  return tf.reshape(x, [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)]);
};

// select: x[index] along one axis, removing it (x[:, 0] takes the class token); a negative index
// counts from the end. A slice of width 1 and a reshape that drops the axis.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, dimAttr, operand } from "../attrs.js";

export const op = "select";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank)!;
  const written = dimAttr(ctx, "index");
  const index = written < 0 ? written + x.shape[axis]! : written;
  const begin = x.shape.map((_, i) => (i === axis ? index : 0));
  const extent = x.shape.map((d, i) => (i === axis ? 1 : d));
  return tf.reshape(tf.slice(x, begin, extent), x.shape.filter((_, i) => i !== axis));
};

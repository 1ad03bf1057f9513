// flatten: merges axes start..end (inclusive) into one. Shares the data, no copy.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "flatten";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const start = axisAttr(ctx, "start", x.rank)!;
  const end = axisAttr(ctx, "end", x.rank)!;
  const merged = x.shape.slice(start, end + 1).reduce((a, d) => a * d, 1);
  return tf.reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
};

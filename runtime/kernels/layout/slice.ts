// slice: x[start:end] along one axis; negative bounds count from the end (Python semantics,
// as the shape rule resolves them). The whole axis returns x itself.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, dimAttr, operand } from "../attrs.js";

export const op = "slice";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank)!;
  const size = x.shape[axis]!;
  const from = (b: number): number => (b < 0 ? b + size : b);
  const start = from(dimAttr(ctx, "start"));
  const end = from(dimAttr(ctx, "end"));
  if (start === 0 && end === size) return x;
  const begin = x.shape.map((_, i) => (i === axis ? start : 0));
  const extent = x.shape.map((d, i) => (i === axis ? end - start : d));
  return tf.slice(x, begin, extent);
};

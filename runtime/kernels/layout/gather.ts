// gather: index-select along an axis (tf.gather semantics): the axis is replaced by the index
// tensor's shape. The float gradient is a scatter-add that every backend can run (index_select.ts).
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";
import { indexSelect } from "./index_select.js";

export const op = "gather";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  return indexSelect(x, operand(inputs, 1, ctx), axisAttr(ctx, "axis", x.rank)!);
};

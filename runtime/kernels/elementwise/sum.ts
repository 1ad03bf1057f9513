// sum: the sum over one axis or all (axis null), optionally keeping reduced axes as size 1.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduction } from "./reduce.js";
import { operand } from "../attrs.js";

export const op = "sum";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const { axes, keepdims } = reduction(x, ctx);
  return tf.sum(x, axes, keepdims);
};

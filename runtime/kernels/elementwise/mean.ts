// mean: the mean over one axis or all (axis null), optionally keeping reduced axes as size 1.
// The IR keeps an integer input's dtype, so an integer mean is the floor of the true mean
// (sum floor-divided by the count, like `div`); PyTorch refuses integer means altogether.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduction } from "./reduce.js";
import { operand } from "../attrs.js";

export const op = "mean";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const { axes, keepdims } = reduction(x, ctx);
  if (x.dtype === "float32") return tf.mean(x, axes, keepdims);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  return tf.floorDiv(tf.sum(x, axes, keepdims), tf.scalar(count, "int32"));
};

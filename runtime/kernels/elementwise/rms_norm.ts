// rms_norm over the last axis: x / √(mean(x²) + eps) · weight (RMSNorm, Zhang & Sennrich 2019;
// eps inside the square root, as in T5 and PyTorch's RMSNorm); the weight is optional.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "rms_norm";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const weight = inputs[1];
  const y = tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), numberAttr(ctx, "eps"))));
  return weight ? tf.mul(y, weight) : y;
};

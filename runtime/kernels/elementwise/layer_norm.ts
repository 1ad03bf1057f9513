// layer_norm over the last axis: (x − mean) / √(var + eps) · weight + bias, with the biased
// variance and eps inside the square root (PyTorch's LayerNorm); weight and bias are optional.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "layer_norm";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const [, weight, bias] = inputs;
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centred), -1, true);
  let y = tf.mul(centred, tf.rsqrt(tf.add(variance, numberAttr(ctx, "eps"))));
  if (weight) y = tf.mul(y, weight);
  if (bias) y = tf.add(y, bias);
  return y;
};

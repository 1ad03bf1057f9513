// softmax along any axis. tfjs's fused softmax only works on the last axis; elsewhere the
// stable formula exp(x − max) / Σ exp(x − max) is used as is, which avoids a transpose pair
// (the max is held constant for the gradient: it cancels mathematically).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { stopGradient } from "../gradients.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "softmax";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank) ?? x.rank - 1;
  if (axis === x.rank - 1) return tf.softmax(x);
  const e = tf.exp(tf.sub(x, stopGradient(tf.max(x, axis, true))));
  return tf.div(e, tf.sum(e, axis, true));
};

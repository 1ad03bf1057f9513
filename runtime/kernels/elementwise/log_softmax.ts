// log_softmax along any axis: (x − max) − log Σ exp(x − max), numerically stable. tfjs's own
// logSoftmax only takes the last axis; this formula works on any (the max is held constant for
// the gradient, which it does not affect mathematically).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { stopGradient } from "../gradients.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "log_softmax";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank) ?? x.rank - 1;
  if (axis === x.rank - 1) return tf.logSoftmax(x);
  const shifted = tf.sub(x, stopGradient(tf.max(x, axis, true)));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
};

// where: cond ? a : b, broadcasting all three. The operands are broadcast here, with gradients
// that reduce back to each branch's shape at any rank (tfjs's own broadcast stops at rank 4).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { expandTo } from "../gradients.js";
import { operand } from "../attrs.js";

export const op = "where";
export const kernel: Kernel = (inputs, ctx) => {
  const cond = operand(inputs, 0, ctx);
  const a = operand(inputs, 1, ctx);
  const b = operand(inputs, 2, ctx);
  const shape = tf.backend_util.assertAndGetBroadcastShape(tf.backend_util.assertAndGetBroadcastShape(cond.shape, a.shape), b.shape);
  return tf.where(expandTo(cond, shape), expandTo(a, shape), expandTo(b, shape));
};

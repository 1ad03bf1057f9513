// l2_normalize: x / max(‖x‖₂, eps) along an axis, as torch.nn.functional.normalize. Where the
// norm is below eps the divisor is the constant eps, and the norm's own gradient is kept finite
// there (√ at 0 would make it NaN), so an all-zero row gets PyTorch's gradient of 1/eps.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, numberAttr, operand } from "../attrs.js";

export const op = "l2_normalize";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const axis = axisAttr(ctx, "axis", x.rank) ?? x.rank - 1;
  const eps = numberAttr(ctx, "eps");
  const squares = tf.sum(tf.square(x), axis, true);
  const large = tf.greaterEqual(squares, eps * eps);
  const norm = tf.sqrt(tf.where(large, squares, tf.onesLike(squares)));
  return tf.div(x, tf.where(large, norm, tf.fill(norm.shape, eps)));
};

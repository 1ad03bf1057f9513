// drop_path (stochastic depth): in training, keeps each sample (index on axis 0) of a residual
// branch with probability 1 − p, scaled by 1/(1 − p), zeroing the whole sample otherwise; in
// eval, or with p = 0, returns x itself. One draw per sample from the node's own stream.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "drop_path";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const p = numberAttr(ctx, "p");
  if (!ctx.training || p === 0) return x;
  const batch = x.shape[0]!;
  const mask = ctx.random().keepMask(batch, p);
  return tf.mul(x, tf.tensor(mask, [batch, ...x.shape.slice(1).map(() => 1)], "float32"));
};

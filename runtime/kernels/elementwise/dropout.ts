// dropout: in training, keeps each element with probability 1 − p and scales the kept ones by
// 1/(1 − p); in eval, or with p = 0, returns x itself. One uniform draw per element from the
// node's own stream (run seed, step, node key), so a run reproduces whatever the evaluation order.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "dropout";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const p = numberAttr(ctx, "p");
  if (!ctx.training || p === 0) return x;
  return tf.mul(x, tf.tensor(ctx.random().keepMask(x.size, p), x.shape, "float32"));
};

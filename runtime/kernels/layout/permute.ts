// permute: reorders the axes (output axis i is input axis axes[i]; negative axes count from the end).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";

export const op = "permute";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const perm = (ctx.node.attrs["axes"] as readonly number[]).map((a) => (a < 0 ? a + x.rank : a));
  if (perm.every((a, i) => a === i)) return x;
  return tf.transpose(x, perm);
};

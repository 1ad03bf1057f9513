// padding_mask: a [B, S] validity tensor (nonzero = a real token) → bool[B, 1, S], the mask
// attention broadcasts over its queries.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";

export const op = "padding_mask";
export const kernel: Kernel = (inputs, ctx) => {
  const valid = operand(inputs, 0, ctx);
  const [batch, steps] = valid.shape as [number, number];
  return tf.reshape(valid.dtype === "bool" ? valid : tf.notEqual(valid, tf.scalar(0, valid.dtype)), [batch, 1, steps]);
};

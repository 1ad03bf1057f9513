// take_at: per-row pooling, x[B, T, ...] at positions[B] → x[b, positions[b], ...] (CLIP's EOT
// token); a negative position counts from the end. One gather on x viewed as [B·T, ...].
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";
import { indexSelect } from "./index_select.js";

export const op = "take_at";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const positions = operand(inputs, 1, ctx);
  const [batch, steps] = x.shape as [number, number];
  const rest = x.shape.slice(2);
  // A plain number would make these float32; indices must stay int32.
  const stride = tf.scalar(steps, "int32");
  const wrapped = tf.where(tf.less(positions, tf.scalar(0, "int32")), tf.add(positions, stride), positions);
  const rows = tf.add(tf.mul(tf.range(0, batch, 1, "int32"), stride), wrapped);
  return indexSelect(tf.reshape(x, [batch * steps, ...rest]), rows, 0);
};

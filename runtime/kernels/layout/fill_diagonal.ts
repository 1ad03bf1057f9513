// fill_diagonal: sets x[..., i, i] to a value on the last two axes (non-square allowed);
// the gradient is 0 on the diagonal, as for PyTorch's fill_diagonal_.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "fill_diagonal";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  const diagonal = tf.equal(tf.reshape(tf.range(0, rows, 1, "int32"), [rows, 1]), tf.range(0, cols, 1, "int32"));
  const value = numberAttr(ctx, "value");
  const filler = tf.fill(x.shape, x.dtype === "bool" ? Number(value !== 0) : value, x.dtype);
  return tf.where(tf.broadcastTo(diagonal, x.shape), filler, x);
};

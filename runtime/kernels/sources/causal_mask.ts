// causal_mask: bool[n, n], true where query i may attend to key j, i.e. j ≤ i.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr } from "../attrs.js";

export const op = "causal_mask";
export const kernel: Kernel = (_inputs, ctx) => {
  const n = dimAttr(ctx, "n");
  const positions = tf.range(0, n, 1, "int32");
  return tf.lessEqual(positions, tf.reshape(positions, [n, 1]));
};

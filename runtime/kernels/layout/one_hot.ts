// one_hot: integer indices[...] → [..., depth] of the node's dtype, 1 at each index and 0
// elsewhere (an index outside [0, depth) gives a row of zeros).
import { tfDtype } from "../../dtypes.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr, operand } from "../attrs.js";

export const op = "one_hot";
export const kernel: Kernel = (inputs, ctx) => {
  const indices = operand(inputs, 0, ctx);
  const depth = dimAttr(ctx, "depth");
  const hot = tf.oneHot(tf.reshape(indices, [-1]), depth);
  const to = tfDtype(ctx.node.type.dtype);
  return tf.reshape(to === "int32" ? hot : tf.cast(hot, to), [...indices.shape, depth]);
};

// amax: the maximum over one axis or all (axis null), optionally keeping reduced axes. As in
// PyTorch's amax, the gradient is shared equally among the elements that tie for the maximum
// (tfjs's max gives the full gradient to each of them).
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduction } from "./reduce.js";
import { operand } from "../attrs.js";

export const op = "amax";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const { axes, keepdims } = reduction(x, ctx);
  if (x.dtype !== "float32") return tf.max(x, axes, keepdims);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const amax = tf.customGrad((v, save) => {
    const top = tf.max(v as Tensor, axes, true);
    (save as tf.GradSaveFunc)([v as Tensor, top]);
    return {
      value: keepdims ? top : tf.reshape(top, tf.backend_util.computeOutAndReduceShapes(x.shape, axes)[0]),
      gradFunc: (dy, saved) => {
        const [input, best] = saved as [Tensor, Tensor];
        const ties = tf.cast(tf.equal(input, best), "float32");
        return tf.mul(ties, tf.div(tf.reshape(dy, kept), tf.sum(ties, axes, true)));
      },
    };
  });
  return amax(x);
};

// topk_values: the k largest values of the last axis, largest first (torch.topk's values).
// tfjs's TopK has no gradient, so the values are read back from x at the selected indices with
// one gather on x viewed as [rows·N] (index_select.ts), whose gradient every backend can run:
// the incoming gradient lands on the selected elements, as in torch.
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr, operand } from "../attrs.js";
import { indexSelect } from "./index_select.js";

export const op = "topk_values";

/** tf.topk's indices, which tfjs's autodiff would otherwise try to differentiate (TopK has no gradient): none flows. */
function selected(x: Tensor, k: number): Tensor {
  const pick = tf.customGrad((v) => ({ value: tf.topk(v as Tensor, k).indices, gradFunc: () => tf.zerosLike(v as Tensor) }));
  return pick(x);
}
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const k = dimAttr(ctx, "k");
  const n = x.shape[x.rank - 1]!;
  const rows = x.size / n;
  const picked = tf.reshape(selected(x, k), [rows, k]);
  const flat = tf.add(picked, tf.mul(tf.range(0, rows, 1, "int32").reshape([rows, 1]), tf.scalar(n, "int32")));
  return tf.reshape(indexSelect(tf.reshape(x, [rows * n]), tf.reshape(flat, [rows * k]), 0), [...x.shape.slice(0, -1), k]);
};

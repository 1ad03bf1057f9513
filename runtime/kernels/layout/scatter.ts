// scatter: x with rows of src written at positions along an axis (compiler/ir/ops/layout.ts
// states the exact semantics). Written as a one-hot product rather than tf.scatterND so that it
// differentiates on every backend and gives the documented answer for any index: with
// x viewed as [P, N, R], src as [P, K, R] and hit = one_hot(index)[P, K, N],
//   out = x · (1 − max_k hit) + hitᵀ @ src
// so a position outside [0, N) writes nothing and a position written twice sums its rows. The
// gradient is torch's for distinct positions: dx is dy with the written rows zeroed, dsrc is dy
// read at the positions. Costs P·K·N·R multiply-adds, small for token counts.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr, operand } from "../attrs.js";

export const op = "scatter";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const index = operand(inputs, 1, ctx);
  const src = operand(inputs, 2, ctx);
  const a = axisAttr(ctx, "axis", x.rank)!;
  const n = x.shape[a]!;
  const k = index.shape[a]!;
  const p = x.shape.slice(0, a).reduce((s, d) => s * d, 1);
  const r = x.shape.slice(a + 1).reduce((s, d) => s * d, 1);
  const hit = tf.cast(tf.oneHot(tf.reshape(tf.cast(index, "int32"), [p, k]), n), "float32"); // [P, K, N]
  const written = tf.max(hit, 1).reshape([p, n, 1]);
  const kept = tf.mul(tf.cast(tf.reshape(x, [p, n, r]), "float32"), tf.sub(tf.scalar(1), written));
  const placed = tf.matMul(hit, tf.cast(tf.reshape(src, [p, k, r]), "float32"), true, false); // [P, N, R]
  const out = tf.reshape(tf.add(kept, placed), x.shape);
  // Integers go through float32, exact below 2^24 (token ids, positions); bools as 0 and 1.
  return x.dtype === "float32" ? out : tf.cast(out, x.dtype);
};

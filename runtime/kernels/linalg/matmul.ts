// matmul: a[..., m, k] @ b[..., k, n] with NumPy broadcasting of the batch axes (torch.matmul).
// A 2-D right operand folds a's batch into rows (one 2-D product, the common `x @ W` case).
// Otherwise both operands are broadcast to the full batch shape first: tfjs's BatchMatMul
// computes broadcast products, but its gradient returns the broadcast shape rather than the
// operand's (tfjs 4.22); expandTo's gradient sums back to the operand at any rank.
import { tf } from "../../tf.js";
import { expandTo } from "../gradients.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";

export const op = "matmul";

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

export const kernel: Kernel = (inputs, ctx) => {
  const a = operand(inputs, 0, ctx);
  const b = operand(inputs, 1, ctx);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1]!;
  if (b.shape.length === 2) {
    const y = tf.matMul(tf.reshape(a, [-1, k]), b);
    return tf.reshape(y, [...a.shape.slice(0, -2), m, n]);
  }
  const batch = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return tf.matMul(expandTo(a, [...batch, m, k]), expandTo(b, [...batch, k, n]));
};

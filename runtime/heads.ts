// Attention heads as a tensor axis: the composite attention kernel and the gradient of the WASM
// head-wise kernel both reshape [B, L, heads·d] activations to per-head [B, heads, L, d] and back.
import { tf, type Tensor } from "./tf.js";

/** x[B, L, heads·d] → [B, heads, L, d]. */
export function splitHeads(x: Tensor, heads: number): Tensor {
  const [b, len, width] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [b, len, heads, width / heads]), [0, 2, 1, 3]);
}

/** x[B, heads, L, d] → [B, L, heads·d]. */
export function mergeHeads(x: Tensor): Tensor {
  const [b, heads, len, d] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, len, heads * d]);
}

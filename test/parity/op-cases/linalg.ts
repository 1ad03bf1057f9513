// Parity cases for the products (compiler/ir/ops/linalg.ts): linear layers, matmul with batch
// broadcasting, patch and padded convolutions, embedding lookup, attention with every kind of
// mask and bias, and BEiT's relative position bias.
import type { HostTensor } from "../../../runtime/init.js";
import { hostOf, type Draws } from "../tensors.js";
import { draws, opCase, type OpCase } from "./case.js";

function causal(n: number): HostTensor {
  return hostOf("bool", [n, n], Array.from({ length: n * n }, (_, i) => (i % n <= Math.floor(i / n) ? 1 : 0)));
}

/** Random key-padding for [B, 1, S] with at least `min` real keys per row. */
function keyPadding(d: Draws, batch: number, keys: number, min: number): HostTensor {
  const values: number[] = [];
  for (let b = 0; b < batch; b++) {
    const real = d.ints([], min, keys + 1).data[0]!;
    for (let s = 0; s < keys; s++) values.push(s < real ? 1 : 0);
  }
  return hostOf("bool", [batch, 1, keys], values);
}

function attentionCases(): OpCase[] {
  const d = draws("attention");
  const [B, T, S, D] = [2, 5, 6, 8];
  const qkv = (): HostTensor[] => [d.normal([B, T, D]), d.normal([B, T, D]), d.normal([B, T, D])];
  const cross = (): HostTensor[] => [d.normal([B, T, D]), d.normal([B, S, D]), d.normal([B, S, 12])];
  const perQuery = hostOf("bool", [B, T, T], Array.from({ length: B * T * T }, (_, i) => (i % T === 0 || (i * 7) % 3 !== 0 ? 1 : 0)));
  return [
    opCase("attention.unmasked", "attention", qkv(), { attrs: { heads: 2 } }),
    opCase("attention.causal_2d", "attention", [...qkv(), causal(T)], { attrs: { heads: 4 } }),
    opCase("attention.padding_3d", "attention", [...qkv(), keyPadding(d, B, T, 2)], { attrs: { heads: 2 } }),
    opCase("attention.per_query_3d", "attention", [...qkv(), perQuery], { attrs: { heads: 2 } }),
    opCase("attention.per_head_4d", "attention", [...qkv(), withDiagonal(d.bools([1, 2, T, T], 0.7), T)], { attrs: { heads: 2 } }),
    opCase("attention.bias", "attention", [...qkv(), undefined, d.normal([4, T, T])], { attrs: { heads: 4 } }),
    opCase("attention.causal_bias", "attention", [...qkv(), causal(T), d.normal([1, 2, T, T])], { attrs: { heads: 2 } }),
    opCase("attention.scale", "attention", qkv(), { attrs: { heads: 1, scale: 0.3 } }),
    opCase("attention.cross_wide_values", "attention", [...cross(), keyPadding(d, B, S, 1)], { attrs: { heads: 4 } }),
    opCase("attention.eval_ignores_dropout", "attention", qkv(), { attrs: { heads: 2, dropout: 0.5 } }),
  ];
}

/** Every query may attend to itself, so no row of the mask is empty. */
function withDiagonal(mask: HostTensor, n: number): HostTensor {
  const data = Uint8Array.from(mask.data);
  for (let i = 0; i < data.length; i++) if (i % n === Math.floor(i / n) % n) data[i] = 1;
  return { ...mask, data };
}

export function linalgCases(): OpCase[] {
  const d = draws("linalg");
  return [
    opCase("linear.bias", "linear", [d.normal([2, 3, 5]), d.normal([4, 5], 0.5), d.normal([4])]),
    opCase("linear.no_bias", "linear", [d.normal([3, 5]), d.normal([6, 5], 0.5)]),
    opCase("linear.vector", "linear", [d.normal([5]), d.normal([2, 5]), d.normal([2])]),
    opCase("matmul.2d", "matmul", [d.normal([3, 4]), d.normal([4, 5])]),
    opCase("matmul.batched", "matmul", [d.normal([2, 3, 4]), d.normal([2, 4, 5])]),
    opCase("matmul.broadcast_batch", "matmul", [d.normal([2, 1, 3, 4]), d.normal([3, 4, 2])]),
    opCase("conv2d.patches", "conv2d", [d.normal([2, 3, 8, 8]), d.normal([5, 3, 4, 4], 0.3), d.normal([5])], { attrs: { stride: 4 } }),
    opCase("conv2d.patches_no_bias", "conv2d", [d.normal([1, 3, 6, 6]), d.normal([4, 3, 2, 2], 0.3)], { attrs: { stride: 2 } }),
    opCase("conv2d.padded", "conv2d", [d.normal([2, 2, 5, 5]), d.normal([3, 2, 3, 3], 0.3), d.normal([3])], { attrs: { stride: 1, padding: 1 } }),
    opCase("conv2d.strided_padded", "conv2d", [d.normal([1, 2, 7, 7]), d.normal([3, 2, 3, 3], 0.3)], { attrs: { stride: 2, padding: 1 } }),
    opCase("embedding", "embedding", [hostOf("i32", [2, 4], [0, 3, 3, 9, 1, 0, 5, 9]), d.normal([10, 6])]),
    ...attentionCases(),
    opCase("relative_position_bias.square", "relative_position_bias", [d.normal([(2 * 3 - 1) * (2 * 3 - 1) + 3, 2])], { attrs: { grid_h: 3, grid_w: 3 } }),
    opCase("relative_position_bias.oblong", "relative_position_bias", [d.normal([(2 * 2 - 1) * (2 * 3 - 1) + 3, 3])], { attrs: { grid_h: 2, grid_w: 3 } }),
    // A ViT's table fine-tuned at a higher resolution (3×3 → 5×4), at a lower one with a batch
    // axis (4×4 → 2×3), and a grid without class token resized in one direction only.
    opCase("resize_positions.up", "resize_positions", [d.normal([1 + 3 * 3, 4])], { attrs: { grid_h: 3, grid_w: 3, to_h: 5, to_w: 4 } }),
    opCase("resize_positions.down_batched", "resize_positions", [d.normal([1, 1 + 4 * 4, 3])], { attrs: { grid_h: 4, grid_w: 4, to_h: 2, to_w: 3 } }),
    opCase("resize_positions.no_prefix", "resize_positions", [d.normal([2 * 3, 2])], { attrs: { grid_h: 2, grid_w: 3, to_h: 2, to_w: 7, prefix: 0 } }),
  ];
}

// Products (compiler/ir/ops/linalg.ts): linear layers, matmul, convolution, embeddings,
// attention and the bicubic resizing of position tables, as the tfjs kernels compute them
// (runtime/kernels/linalg/). Attention is one
// Attention node from opset 23 (ONNX Runtime runs it as one fused kernel); before that it is
// spelled out head by head with rank-4 reshapes and transposes.
import { bicubicMatrix } from "../../../ir/ops/bicubic.js";
import { relativePositionIndex } from "../../../ir/ops/relative-position.js";
import { attr } from "../builder.js";
import type { Lower, Lowering } from "./context.js";

/**
 * x·Wᵀ + b. W stays [out, in] as the IR names it (one initializer however many read it); the
 * transpose is a node ONNX Runtime folds into a constant when it loads the graph.
 */
const linear: Lowering = (c) => {
  const [x, weight, bias] = [c.in(0), c.in(1), c.maybe(2)];
  if (c.type(0).shape.length === 2) return c.result("Gemm", bias ? [x, weight, bias] : [x, weight], { transB: attr.int(1) });
  const product = c.op("MatMul", [x, c.op("Transpose", [weight], { perm: attr.ints([1, 0]) })]);
  return bias ? c.result("Add", [product, bias]) : c.result("Identity", [product]);
};

const conv2d: Lowering = (c) => {
  const stride = Number(c.node.attrs["stride"]);
  const padding = Number(c.node.attrs["padding"]);
  const kernel = c.type(1).shape.slice(2).map((d) => d.value!);
  const inputs = [c.in(0), c.in(1), ...(c.maybe(2) ? [c.in(2)] : [])];
  return c.result("Conv", inputs, { kernel_shape: attr.ints(kernel), strides: attr.ints([stride, stride]), pads: attr.ints([padding, padding, padding, padding]) });
};

/** Large enough that exp(masked − max) underflows to 0, finite so a fully masked row stays finite (as the runtime). */
const MASKED_SCORE = -1e9;

/** The mask and bias as one additive float term broadcasting against [B, heads, T, S], or undefined. */
function additiveMask(c: Lower): string | undefined {
  const [mask, bias] = [c.maybe(3), c.maybe(4)];
  let term: string | undefined = bias;
  if (mask) {
    const aligned = c.type(3).shape.length === 3 ? c.op("Unsqueeze", [mask, c.g.int64s([1])]) : mask;
    const blocked = c.op("Where", [aligned, c.g.scalar("f32", 0), c.g.scalar("f32", MASKED_SCORE)]);
    term = term ? c.op("Add", [term, blocked]) : blocked;
  }
  return term;
}

const attention: Lowering = (c) => {
  const heads = Number(c.node.attrs["heads"]);
  const width = c.type(0).shape[2]!.value!;
  const scale = (c.node.attrs["scale"] as number | null) ?? 1 / Math.sqrt(width / heads);
  const [q, k, v] = [c.in(0), c.in(1), c.in(2)];
  const mask = additiveMask(c);
  if (c.opset >= 23) {
    const attrs = { q_num_heads: attr.int(heads), kv_num_heads: attr.int(heads), scale: attr.float(scale) };
    // ONNX Runtime wants the mask's last two axes at full size [T, S], not broadcast from 1.
    const full = mask && c.op("Expand", [mask, c.dims.vector([1, 1, c.type(0).shape[1]!, c.type(1).shape[1]!])]);
    return c.result("Attention", full ? [q, k, v, full] : [q, k, v], attrs);
  }
  const split = (x: string, i: number): string => {
    const dh = c.type(i).shape[2]!.value! / heads;
    return c.op("Reshape", [x, c.g.int64s([0, 0, heads, dh])]); // [B, T, heads, dh]
  };
  const qh = c.op("Transpose", [split(q, 0)], { perm: attr.ints([0, 2, 1, 3]) });
  const kh = c.op("Transpose", [split(k, 1)], { perm: attr.ints([0, 2, 3, 1]) });
  const vh = c.op("Transpose", [split(v, 2)], { perm: attr.ints([0, 2, 1, 3]) });
  let scores = c.op("Mul", [c.op("MatMul", [qh, kh]), c.g.scalar("f32", scale)]);
  if (mask) scores = c.op("Add", [scores, mask]);
  const mixed = c.op("MatMul", [c.op("Softmax", [scores], { axis: attr.int(-1) }), vh]);
  const merged = c.op("Transpose", [mixed], { perm: attr.ints([0, 2, 1, 3]) });
  return c.result("Reshape", [merged, c.g.int64s([0, 0, c.node.type.shape[2]!.value!])]);
};

const relativePositionBias: Lowering = (c) => {
  const [h, w] = [Number(c.node.attrs["grid_h"]), Number(c.node.attrs["grid_w"])];
  const n = h * w + 1;
  const index = c.g.constant("i32", [n, n], Array.from(relativePositionIndex(h, w)));
  return c.result("Transpose", [c.op("Gather", [c.in(0), index], { axis: attr.int(0) })], { perm: attr.ints([2, 0, 1]) });
};

/**
 * The grid rows as a [B, D, h, w] image multiplied by the two bicubic weight matrices of
 * ir/ops/bicubic.ts (A_H · image · A_Wᵀ), the class tokens kept in front; leading axes of the
 * table are folded into B and restored at the end. Not ONNX's Resize (cubic, half_pixel), which
 * is the same map: ONNX Runtime 1.x refuses cubic downscaling of such an image (its
 * ScalesValidation), and the product is the runtime's own arithmetic.
 */
const resizePositions: Lowering = (c) => {
  const [h, w, H, W, prefix] = ["grid_h", "grid_w", "to_h", "to_w", "prefix"].map((a) => Number(c.node.attrs[a])) as [number, number, number, number, number];
  const shape = c.type(0).shape;
  const d = shape[shape.length - 1]!;
  const lead = shape.length - 2;
  const flat = lead === 1 ? c.in(0) : lead === 0 ? c.op("Unsqueeze", [c.in(0), c.g.int64s([0])]) : c.op("Reshape", [c.in(0), c.dims.vector([-1, prefix + h * w, d])]);
  const patches = c.op("Slice", [flat, c.g.int64s([prefix]), c.g.int64s([prefix + h * w]), c.g.int64s([1])]);
  const image = c.op("Transpose", [c.op("Reshape", [patches, c.g.int64s([0, h, w, -1])])], { perm: attr.ints([0, 3, 1, 2]) });
  const rowsResized = h === H ? image : c.op("MatMul", [c.g.constant("f32", [H, h], Array.from(bicubicMatrix(h, H))), image]);
  const aw = Array.from(bicubicMatrix(w, W));
  const awT = Array.from({ length: w * W }, (_, i) => aw[(i % W) * w + Math.floor(i / W)]!);
  const resized = w === W ? rowsResized : c.op("MatMul", [rowsResized, c.g.constant("f32", [w, W], awT)]);
  const rows = c.op("Reshape", [c.op("Transpose", [resized], { perm: attr.ints([0, 2, 3, 1]) }), c.g.int64s([0, H * W, -1])]);
  const table = prefix === 0 ? rows : c.op("Concat", [c.op("Slice", [flat, c.g.int64s([0]), c.g.int64s([prefix]), c.g.int64s([1])]), rows], { axis: attr.int(1) });
  if (lead === 1) return c.result("Identity", [table]);
  if (lead === 0) return c.result("Squeeze", [table, c.g.int64s([0])]);
  return c.result("Reshape", [table, c.dims.vector(c.node.type.shape)]);
};

export const linalgLowerings: Readonly<Record<string, Lowering>> = {
  linear,
  matmul: (c) => c.result("MatMul", [c.in(0), c.in(1)]),
  conv2d,
  embedding: (c) => c.result("Gather", [c.in(1), c.in(0)], { axis: attr.int(0) }),
  attention,
  relative_position_bias: relativePositionBias,
  resize_positions: resizePositions,
};

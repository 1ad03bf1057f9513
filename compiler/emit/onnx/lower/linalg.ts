// Products (compiler/ir/ops/linalg.ts): linear layers, matmul, convolution, embeddings and
// attention, as the tfjs kernels compute them (runtime/kernels/linalg/). Attention is one
// Attention node from opset 23 (ONNX Runtime runs it as one fused kernel); before that it is
// spelled out head by head with rank-4 reshapes and transposes.
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

export const linalgLowerings: Readonly<Record<string, Lowering>> = {
  linear,
  matmul: (c) => c.result("MatMul", [c.in(0), c.in(1)]),
  conv2d,
  embedding: (c) => c.result("Gather", [c.in(1), c.in(0)], { axis: attr.int(0) }),
  attention,
  relative_position_bias: relativePositionBias,
};

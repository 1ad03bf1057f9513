// conv2d: PyTorch's layout, x[N, C, H, W] and weight[O, C, kh, kw] → [N, O, H', W'], with one
// stride and one zero padding for both axes (torch.nn.Conv2d(stride=s, padding=p)).
//
// Two formulations, chosen by the attributes:
// - Patch embedding (stride = kernel size, no padding; every ViT): the image is cut into
//   non-overlapping patches with reshapes and rank-4 transposes, and one matrix product with the
//   flattened weight does the rest. Its gradient needs only matMul, so it trains on WASM, whose
//   backend has no Conv2DBackpropFilter (tfjs 4.22).
// - Anything else: tf.conv2d, which wants NHWC input and an [kh, kw, C, O] filter, so the
//   operands and the result are transposed at rank 4; where the backend cannot differentiate
//   the filter (WASM) the gradient is spelled out with slices and products.
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "conv2d";

/** Non-overlapping p×p patches: x[N, C, H, W] → [N·gh·gw, C·p·p] in the (c, i, j) order of a flattened torch weight. */
function patches(x: Tensor, p: number): { rows: Tensor; gh: number; gw: number } {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const gh = Math.floor(h / p);
  const gw = Math.floor(w / p);
  // Rows and columns past the last whole patch are not covered by any output (floor in the output size).
  const cropped = gh * p === h && gw * p === w ? x : tf.slice(x, [0, 0, 0, 0], [n, c, gh * p, gw * p]);
  const byRow = tf.reshape(cropped, [n * c * gh, p, gw, p]); // (n, c, a), i, b, j
  const byPatch = tf.transpose(byRow, [0, 2, 1, 3]); // (n, c, a), b, i, j
  const perChannel = tf.reshape(byPatch, [n, c, gh * gw, p * p]); // n, c, patch, (i, j)
  const perPatch = tf.transpose(perChannel, [0, 2, 1, 3]); // n, patch, c, (i, j)
  return { rows: tf.reshape(perPatch, [n * gh * gw, c * p * p]), gh, gw };
}

function patchConv(x: Tensor, weight: Tensor, bias: Tensor | undefined, p: number): Tensor {
  const n = x.shape[0]!;
  const out = weight.shape[0]!;
  const { rows, gh, gw } = patches(x, p);
  const flatWeight = tf.reshape(weight, [out, -1]);
  const product = tf.matMul(rows, flatWeight, false, true); // [n·patches, O]
  const y = bias ? tf.add(product, bias) : product; // not fused: see linear.ts
  const channelsFirst = tf.transpose(tf.reshape(y, [n, gh * gw, out]), [0, 2, 1]);
  return tf.reshape(channelsFirst, [n, out, gh, gw]);
}

/**
 * The filter's gradient as a sum of products, one per kernel offset: dW[i, j] = Σ x_pad at
 * (i, j) strided · dy. Only slicing and matMul, which every backend differentiates and runs;
 * used where the backend has no Conv2DBackpropFilter kernel (tfjs-wasm 4.22).
 */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, stride: number, padding: number): Tensor {
  const [n, , , c] = x.shape;
  const [, oh, ow, o] = dy.shape;
  const padded = padding > 0 ? tf.pad(x, [[0, 0], [padding, padding], [padding, padding], [0, 0]]) : x;
  const rows = tf.reshape(dy, [n * oh * ow, o]);
  const taps: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const seen = tf.stridedSlice(padded, [0, i, j, 0], [n, i + stride * (oh - 1) + 1, j + stride * (ow - 1) + 1, c], [1, stride, stride, 1]);
      taps.push(tf.matMul(tf.reshape(seen, [n * oh * ow, c]), rows, true, false)); // [C, O]
    }
  }
  return tf.reshape(tf.stack(taps), [kh, kw, c, o]);
}

/** tf.conv2d with its gradients spelled out, for backends that lack the filter's backward kernel. */
function conv2dPortable(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, padding: number): Tensor {
  const [kh, kw] = filter.shape;
  const conv = tf.customGrad((input, f, save) => {
    const inputX = input as tf.Tensor4D;
    const inputF = f as tf.Tensor4D;
    (save as tf.GradSaveFunc)([inputX, inputF]);
    return {
      value: tf.conv2d(inputX, inputF, stride, padding),
      gradFunc: (dy, saved) => {
        const [sx, sf] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        return [tf.conv2dTranspose(g, sf, sx.shape, stride, padding), filterGradient(sx, g, kh, kw, stride, padding)];
      },
    };
  });
  return conv(x, filter);
}

function generalConv(x: Tensor, weight: Tensor, bias: Tensor | undefined, stride: number, padding: number): Tensor {
  const nhwc = tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
  const filter = tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D;
  const backward = tf.getKernel("Conv2DBackpropFilter", tf.getBackend()) !== undefined;
  let y: Tensor = backward ? tf.conv2d(nhwc, filter, stride, padding) : conv2dPortable(nhwc, filter, stride, padding);
  if (bias) y = tf.add(y, bias);
  return tf.transpose(y, [0, 3, 1, 2]);
}

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const weight = operand(inputs, 1, ctx);
  const bias = inputs[2];
  const stride = numberAttr(ctx, "stride");
  const padding = numberAttr(ctx, "padding");
  const [kh, kw] = weight.shape.slice(2) as [number, number];
  if (padding === 0 && kh === stride && kw === stride) return patchConv(x, weight, bias, stride);
  return generalConv(x, weight, bias, stride, padding);
};

// linear: x[..., in] · Wᵀ + b with W[out, in], torch.nn.functional.linear's layout, so weights
// load from PyTorch checkpoints without a transpose. The leading axes fold into rows of one 2-D
// product. The bias is a separate add: tfjs-wasm 4.22's fused matMul adds the bias to the wrong
// elements when the weight is transposed (rows after the first get it across every column).
// Where the runtime's wasm kernel overrides are installed (runtime/wasm/matmul.ts), fused products
// are right, and the bias is fused into the product, which XNNPACK adds as it writes the output:
// one kernel and one pass fewer, though no measurable time ([197,768]·[768,3072]ᵀ: 25.7 ms either way).
import { tf } from "../../tf.js";
import { wasmOverridesInstalled } from "../../wasm/overrides.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";

export const op = "linear";

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const weight = operand(inputs, 1, ctx);
  const bias = inputs[2];
  const features = x.shape[x.shape.length - 1]!;
  const rows = tf.reshape(x, [-1, features]);
  const fuse = bias !== undefined && tf.getBackend() === "wasm" && wasmOverridesInstalled();
  const product = fuse ? tf.fused.matMul({ a: rows, b: weight, transposeB: true, bias }) : tf.matMul(rows, weight, false, true);
  const y = bias && !fuse ? tf.add(product, bias) : product;
  return tf.reshape(y, [...x.shape.slice(0, -1), weight.shape[0]!]);
};

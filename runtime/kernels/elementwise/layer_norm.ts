// layer_norm over the last axis: (x − mean) / √(var + eps) · weight + bias, with the biased
// variance and eps inside the square root (PyTorch's LayerNorm); weight and bias are optional.
// On the wasm backend with the runtime's kernel overrides, the usual case (weight and bias of
// shape [C]) runs as one fused kernel each way (runtime/wasm/layer-norm.ts), which keeps only
// its input for the gradient instead of the composite's four intermediates.
import { tf } from "../../tf.js";
import { fusedLayerNorm } from "../../wasm/layer-norm.js";
import { fusedKernelsAvailable } from "../../wasm/overrides.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";

export const op = "layer_norm";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const [, weight, bias] = inputs;
  const eps = numberAttr(ctx, "eps");
  const c = x.shape[x.rank - 1];
  const affine = (t: typeof weight): boolean => t !== undefined && t.dtype === "float32" && t.rank === 1 && t.shape[0] === c;
  if (x.dtype === "float32" && affine(weight) && affine(bias) && fusedKernelsAvailable()) return fusedLayerNorm(x, weight!, bias!, eps);
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centred), -1, true);
  let y = tf.mul(centred, tf.rsqrt(tf.add(variance, eps)));
  if (weight) y = tf.mul(y, weight);
  if (bias) y = tf.add(y, bias);
  return y;
};

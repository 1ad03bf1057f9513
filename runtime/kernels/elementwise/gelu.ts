// gelu: the exact GELU, x · Φ(x) = ½ x (1 + erf(x / √2)) (BERT, ViT; PyTorch's default). On the
// wasm backend with the runtime's kernel overrides it is one fused kernel each way
// (runtime/wasm/gelu.ts) that keeps only its input for the gradient.
import { tf } from "../../tf.js";
import { fusedGelu } from "../../wasm/gelu.js";
import { fusedKernelsAvailable } from "../../wasm/overrides.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "gelu";
export const kernel: Kernel = unary((x) => {
  if (x.dtype === "float32" && fusedKernelsAvailable()) return fusedGelu(x, "erf");
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
});

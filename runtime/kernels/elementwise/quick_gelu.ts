// quick_gelu: x · sigmoid(1.702 x), CLIP's approximation of GELU. On the wasm backend with the
// runtime's kernel overrides it is one fused kernel each way (runtime/wasm/gelu.ts).
import { tf } from "../../tf.js";
import { fusedGelu } from "../../wasm/gelu.js";
import { fusedKernelsAvailable } from "../../wasm/overrides.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "quick_gelu";
export const kernel: Kernel = unary((x) => {
  if (x.dtype === "float32" && fusedKernelsAvailable()) return fusedGelu(x, "quick");
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
});

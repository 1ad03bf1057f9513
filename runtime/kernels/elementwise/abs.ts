// abs: |x|. The float gradient is sign(x), 0 at x = 0 as in PyTorch (tfjs's own gives −1 there).
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

const floatAbs = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as Tensor]);
  return { value: tf.abs(x as Tensor), gradFunc: (dy, saved) => tf.mul(dy, tf.sign(saved[0]!)) };
});

export const op = "abs";
export const kernel: Kernel = unary((x) => (x.dtype === "float32" ? floatAbs(x) : tf.abs(x)));

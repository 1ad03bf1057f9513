// gelu: the exact GELU, x · Φ(x) = ½ x (1 + erf(x / √2)) (BERT, ViT; PyTorch's default).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "gelu";
export const kernel: Kernel = unary((x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));

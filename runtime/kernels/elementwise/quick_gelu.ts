// quick_gelu: x · sigmoid(1.702 x), CLIP's approximation of GELU.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "quick_gelu";
export const kernel: Kernel = unary((x) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))));

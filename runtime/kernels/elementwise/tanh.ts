// tanh: hyperbolic tangent.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "tanh";
export const kernel: Kernel = unary((x) => tf.tanh(x));

// sigmoid: 1 / (1 + e^−x).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "sigmoid";
export const kernel: Kernel = unary((x) => tf.sigmoid(x));

// silu: x · sigmoid(x).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "silu";
export const kernel: Kernel = unary((x) => tf.mul(x, tf.sigmoid(x)));

// sqrt: square root.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "sqrt";
export const kernel: Kernel = unary((x) => tf.sqrt(x));

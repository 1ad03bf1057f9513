// cos: cosine in radians (rotary position embeddings); tfjs differentiates it as −sin.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "cos";
export const kernel: Kernel = unary((x) => tf.cos(x));

// sin: sine in radians (rotary position embeddings); tfjs differentiates it as cos.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "sin";
export const kernel: Kernel = unary((x) => tf.sin(x));

// neg: −x (float or integer).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "neg";
export const kernel: Kernel = unary((x) => tf.neg(x));

// exp: e^x.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "exp";
export const kernel: Kernel = unary((x) => tf.exp(x));

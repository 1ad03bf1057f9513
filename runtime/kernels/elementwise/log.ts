// log: natural logarithm.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "log";
export const kernel: Kernel = unary((x) => tf.log(x));

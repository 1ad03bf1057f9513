// logical_not: not x on a bool mask.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "logical_not";
export const kernel: Kernel = unary((x) => tf.logicalNot(x));

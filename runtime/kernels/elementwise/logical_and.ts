// logical_and: a and b on bool masks, broadcasting.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "logical_and";
export const kernel: Kernel = binary((a, b) => tf.logicalAnd(a, b));

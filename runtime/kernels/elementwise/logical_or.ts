// logical_or: a or b on bool masks, broadcasting.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "logical_or";
export const kernel: Kernel = binary((a, b) => tf.logicalOr(a, b));

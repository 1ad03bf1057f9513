// gt: a > b → bool, broadcasting.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "gt";
export const kernel: Kernel = binary((a, b) => tf.greater(a, b));

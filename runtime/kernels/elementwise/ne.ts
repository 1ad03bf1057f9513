// ne: a != b → bool, broadcasting.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "ne";
export const kernel: Kernel = binary((a, b) => tf.notEqual(a, b));

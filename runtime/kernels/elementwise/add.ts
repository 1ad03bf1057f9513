// add: a + b, broadcasting NumPy-style.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "add";
export const kernel: Kernel = binary((a, b) => tf.add(a, b));

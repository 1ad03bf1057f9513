// remainder: a % b with the sign of b, as Python and torch.remainder compute it. tf.mod has
// exactly these floor semantics (floor(a / b)·b + mod(a, b) = a) for int32 and float32 on every
// backend, and its gradient is torch's: dy for a, −floor(a / b)·dy for b.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "remainder";
export const kernel: Kernel = binary((a, b) => tf.mod(a, b));

// stop_gradient: the identity in value, with a zero gradient (momentum targets, distillation).
import type { Kernel } from "../types.js";
import { stopGradient } from "../gradients.js";
import { unary } from "./shared.js";

export const op = "stop_gradient";
export const kernel: Kernel = unary(stopGradient);

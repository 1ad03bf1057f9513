// broadcast_to: NumPy-style broadcast to the shape attribute ([D] → [B, 1, D] for class tokens);
// its gradient sums back at any rank.
import type { Kernel } from "../types.js";
import { expandTo } from "../gradients.js";
import { dimsAttr, operand } from "../attrs.js";

export const op = "broadcast_to";
export const kernel: Kernel = (inputs, ctx) => expandTo(operand(inputs, 0, ctx), dimsAttr(ctx, "shape"));

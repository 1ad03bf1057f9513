// topk_indices: where the k largest values of the last axis are, largest first (torch.topk's
// indices); ties go to the lower index. An index has no gradient.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr, operand } from "../attrs.js";

export const op = "topk_indices";
export const kernel: Kernel = (inputs, ctx) => tf.topk(operand(inputs, 0, ctx), dimAttr(ctx, "k")).indices;

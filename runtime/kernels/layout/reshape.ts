// reshape: to the target shape attribute (its dims bound for this run; one entry may be -1,
// which tfjs infers). Shares the data, no copy.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimsAttr, operand } from "../attrs.js";

export const op = "reshape";
export const kernel: Kernel = (inputs, ctx) => tf.reshape(operand(inputs, 0, ctx), dimsAttr(ctx, "shape"));

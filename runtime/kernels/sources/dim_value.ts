// dim_value: a dimension's size in this run (its symbols bound from the inputs' shapes), as a
// scalar of the node's dtype — `loss / B` divides by the batch the model was given.
import { tfDtype } from "../../dtypes.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr } from "../attrs.js";

export const op = "dim_value";
export const kernel: Kernel = (_inputs, ctx) => tf.scalar(dimAttr(ctx, "dim"), tfDtype(ctx.node.type.dtype));

// constant: a scalar of the node's dtype.
import { tfDtype } from "../../dtypes.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "constant";
export const kernel: Kernel = (_inputs, ctx) => tf.scalar(Number(ctx.node.attrs["value"]), tfDtype(ctx.node.type.dtype));

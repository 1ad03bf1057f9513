// arange: 0, 1, …, n − 1 as int32[n].
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimAttr } from "../attrs.js";

export const op = "arange";
export const kernel: Kernel = (_inputs, ctx) => tf.range(0, dimAttr(ctx, "n"), 1, "int32");

// buffer: the current value of non-learned state (a feature queue before this step's write).
import type { Kernel } from "../types.js";

export const op = "buffer";
export const kernel: Kernel = (_inputs, ctx) => ctx.buffer(String(ctx.node.attrs["name"]));

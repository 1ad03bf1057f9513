// input: the tensor fed for a model input (checked against its declared type before the run).
import type { Kernel } from "../types.js";

export const op = "input";
export const kernel: Kernel = (_inputs, ctx) => ctx.input(String(ctx.node.attrs["name"]));

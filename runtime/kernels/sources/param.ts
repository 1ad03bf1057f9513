// param: the stored tensor of a parameter; an alias (shared or tied) reads its owner's variable.
import type { Kernel } from "../types.js";

export const op = "param";
export const kernel: Kernel = (_inputs, ctx) => ctx.param(String(ctx.node.attrs["name"]));

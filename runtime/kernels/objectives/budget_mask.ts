// budget_mask: a fixed masking budget, exactly ⌈p·n⌉ of the n positions of every row (the last
// axis) masked, chosen uniformly (MAE's and FLIP's random masking: argsort of per-token noise,
// the first ⌈p·n⌉ masked). Draws come from the node's stream, n per row in row-major order, so
// the same (seed, step, node key) masks the same positions whatever the evaluation order.
import { numberAttr, operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "budget_mask";

/** ⌈p·n⌉, with p·n within 1e-9 of an integer taken as that integer (0.15·20 is 3.0000000000000004 in floats). */
export function maskBudget(p: number, n: number): number {
  const exact = p * n;
  const near = Math.round(exact);
  return Math.abs(exact - near) <= 1e-9 * Math.max(1, exact) ? near : Math.ceil(exact);
}

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const n = x.shape[x.rank - 1]!;
  const budget = maskBudget(numberAttr(ctx, "p"), n);
  const draws = ctx.random().uniform(x.size);
  const mask = new Uint8Array(x.size);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let row = 0; row < x.size; row += n) {
    // Ties between 32-bit draws are broken by position, so the order is total and reproducible.
    order.sort((i, j) => draws[row + i]! - draws[row + j]! || i - j);
    for (let m = 0; m < budget; m++) mask[row + order[m]!] = 1;
    order.sort((i, j) => i - j);
  }
  return tf.tensor(mask, x.shape, "bool");
};

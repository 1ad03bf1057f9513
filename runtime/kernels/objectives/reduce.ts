// The `reduction` attribute shared by the losses, as in torch.nn.functional: "mean" averages the
// per-item losses, "sum" adds them, "none" returns them as they are.
import { stringAttr } from "../attrs.js";
import { tf, type Tensor } from "../../tf.js";
import type { KernelContext } from "../types.js";

/**
 * Reduces per-item losses. `count` replaces the number of items in the mean (cross_entropy
 * averages over the labels it does not ignore).
 */
export function reduceLoss(perItem: Tensor, ctx: KernelContext, count?: Tensor): Tensor {
  const reduction = stringAttr(ctx, "reduction");
  if (reduction === "none") return perItem;
  const total = tf.sum(perItem);
  if (reduction === "sum") return total;
  return count ? tf.div(total, count) : tf.div(total, Math.max(perItem.size, 1));
}

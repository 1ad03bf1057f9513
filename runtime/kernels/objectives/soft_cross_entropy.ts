// soft_cross_entropy: cross-entropy against soft targets, −Σ_c targets · log_softmax(logits) over
// the last axis, one loss per row: ALBEF's distilled ITC and MLM losses (salesforce/ALBEF
// models/model_pretrain.py: `-torch.sum(F.log_softmax(sim_i2t, dim=1) * sim_i2t_targets, dim=1).mean()`).
// Gradients flow to both operands; specs stop them at the targets where the model does.
import { operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduceLoss } from "./reduce.js";

export const op = "soft_cross_entropy";

export const kernel: Kernel = (inputs, ctx) => {
  const logits = operand(inputs, 0, ctx);
  const targets = operand(inputs, 1, ctx);
  return reduceLoss(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1)), ctx);
};

// bce_with_logits: torch.nn.functional.binary_cross_entropy_with_logits without weights,
//   −t·log σ(x) − (1 − t)·log(1 − σ(x)) = (1 − t)·x − log σ(x),
// written with tf.logSigmoid, which is stable for large |x| and has the exact gradient σ(x) − t
// everywhere (the max(x, 0) − x·t + log1p(e^−|x|) form has a kink in its tfjs gradient at 0).
import { operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduceLoss } from "./reduce.js";

export const op = "bce_with_logits";

export const kernel: Kernel = (inputs, ctx) => {
  const logits = operand(inputs, 0, ctx);
  const targets = operand(inputs, 1, ctx);
  const perItem = tf.sub(tf.mul(tf.sub(1, targets), logits), tf.logSigmoid(logits));
  return reduceLoss(perItem, ctx);
};

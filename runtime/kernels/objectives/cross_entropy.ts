// cross_entropy: torch.nn.functional.cross_entropy(logits, labels, ignore_index, label_smoothing,
// reduction) on logits[..., C] and integer labels[...]:
//
//   loss_i = (1 − ε)·(−log p_i[y_i]) + ε·mean_c(−log p_i[c])      p_i = softmax(logits_i)
//
// Labels equal to ignore_index contribute nothing to either term and are not counted by "mean";
// "none" gives 0 at them. One deliberate difference from torch: when every label is ignored,
// torch's mean is 0/0 = NaN, which would poison a training step; here it is 0 (no gradient).
// The target log-probability is picked with a row lookup rather than a one-hot product, so a
// 30k-word vocabulary does not make another [N, C] tensor in the forward pass.
import { numberAttr, operand } from "../attrs.js";
import { gatherRows } from "../linalg/gather_rows.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduceLoss } from "./reduce.js";

export const op = "cross_entropy";

export const kernel: Kernel = (inputs, ctx) => {
  const logits = operand(inputs, 0, ctx);
  const labels = operand(inputs, 1, ctx);
  const smoothing = numberAttr(ctx, "label_smoothing");
  const ignore = numberAttr(ctx, "ignore_index");
  const classes = logits.shape[logits.shape.length - 1]!;
  const rows = labels.size;

  const logProbs = tf.logSoftmax(tf.reshape(logits, [rows, classes]));
  const flatLabels = tf.reshape(labels, [rows]);
  const kept = tf.notEqual(flatLabels, tf.scalar(ignore, "int32"));
  const target = tf.where(kept, flatLabels, tf.zerosLike(flatLabels)); // any valid class at ignored rows
  const at = tf.add(tf.mul(tf.range(0, rows, 1, "int32"), tf.scalar(classes, "int32")), target);
  const nll = tf.neg(tf.reshape(gatherRows(tf.reshape(logProbs, [rows * classes, 1]), at), [rows]));
  const perRow = smoothing > 0 ? tf.add(tf.mul(nll, 1 - smoothing), tf.mul(tf.neg(tf.mean(logProbs, -1)), smoothing)) : nll;
  const perItem = tf.reshape(tf.where(kept, perRow, tf.zerosLike(perRow)), labels.shape);
  const counted = tf.maximum(tf.sum(tf.cast(kept, "float32")), 1);
  return reduceLoss(perItem, ctx, counted);
};

// mask_tokens: BERT's corruption of the positions chosen for masked language modelling. Where
// `mask` is true, an id becomes mask_id with probability p_mask, a uniform random id from
// [random_min, vocab) with probability p_random, and stays itself otherwise (80/10/10 by
// default: google-research/bert create_pretraining_data.py, HF DataCollatorForLanguageModeling).
// Elsewhere ids are unchanged. Two draws per position from the node's stream (the choice and
// the random id), in row-major order, so the same key corrupts the same way.
import { numberAttr, operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "mask_tokens";

export const kernel: Kernel = (inputs, ctx) => {
  const ids = operand(inputs, 0, ctx);
  const mask = operand(inputs, 1, ctx);
  const maskId = numberAttr(ctx, "mask_id");
  const vocab = numberAttr(ctx, "vocab");
  const pMask = numberAttr(ctx, "p_mask");
  const pRandom = numberAttr(ctx, "p_random");
  const low = numberAttr(ctx, "random_min");

  const stream = ctx.random();
  const choice = new Float32Array(ids.size);
  const randomIds = new Int32Array(ids.size);
  for (let i = 0; i < ids.size; i++) {
    choice[i] = stream.next();
    randomIds[i] = stream.int(low, vocab);
  }
  const u = tf.tensor(choice, ids.shape, "float32");
  const toMask = tf.logicalAnd(mask, tf.less(u, pMask));
  const toRandom = tf.logicalAnd(mask, tf.logicalAnd(tf.logicalNot(toMask), tf.less(u, pMask + pRandom)));
  const randomized = tf.where(toRandom, tf.tensor(randomIds, ids.shape, "int32"), ids);
  return tf.where(toMask, tf.fill(ids.shape, maskId, "int32"), randomized);
};

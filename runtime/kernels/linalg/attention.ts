// attention: multi-head scaled dot-product attention, one op so that backends can make it fast.
// q[B, T, D], k[B, S, D], v[B, S, Dv] → [B, T, Dv], split into `heads` (D and Dv divide evenly):
//
//   scores = (q_h · k_hᵀ) · scale  (+ bias)       scale defaults to 1/√(D / heads)
//   scores[mask is false] = −1e9                   a fully masked row attends uniformly, not NaN
//   probs  = softmax over S, dropped out in training (attention_probs_dropout_prob)
//   out_h  = probs · v_h, heads concatenated back along the feature axis
//
// The mask (bool, true = may attend) broadcasts NumPy-style against [B, heads, T, S]; a rank-3
// mask [B, T, S] means [B, 1, T, S] (one mask for all heads, e.g. padding or a block mask). The
// bias (float: relative positions, ALiBi) broadcasts the same way, e.g. [heads, T, S].
// Heads are split with rank-4 transposes only (rank-5 ones are very slow on WASM). Everything is
// a tfjs op, so autodiff gives the gradient; the dropout mask comes from the node's own random
// stream, so a run reproduces.
//
// On the wasm backend with the runtime's kernel overrides, attention without a mask, a bias or
// active dropout runs head by head on the heap instead (runtime/wasm/attention.ts: no transposes,
// the scale folded into the query, its gradient declared): one ViT-B/16 attention, one thread,
// 6.6 → 5.9 ms at batch 1 and 48.6 → 47.5 ms at batch 8 (the products dominate either way).
import { tf, type Tensor } from "../../tf.js";
import { mergeHeads, splitHeads } from "../../heads.js";
import { headwiseAttention } from "../../wasm/attention.js";
import { fusedKernelsAvailable } from "../../wasm/overrides.js";
import type { Kernel, KernelContext } from "../types.js";
import { numberAttr, operand, optionalNumberAttr } from "../attrs.js";

export const op = "attention";

/** Large enough that exp(masked − max) underflows to 0, finite so a fully masked row stays finite. */
const MASKED_SCORE = -1e9;

/** The mask aligned for broadcasting against [B, heads, T, S]. */
function alignMask(mask: Tensor): Tensor {
  if (mask.shape.length !== 3) return mask;
  const [b, t, s] = mask.shape as [number, number, number];
  return tf.reshape(mask, [b, 1, t, s]);
}

/** Inverted dropout: each probability is zeroed with probability p, survivors scaled by 1/(1 − p). */
function dropout(probs: Tensor, p: number, ctx: KernelContext): Tensor {
  return tf.mul(probs, tf.tensor(ctx.random().keepMask(probs.size, p), probs.shape, "float32"));
}

export const kernel: Kernel = (inputs, ctx) => {
  const q = operand(inputs, 0, ctx);
  const k = operand(inputs, 1, ctx);
  const v = operand(inputs, 2, ctx);
  const [mask, bias] = [inputs[3], inputs[4]];
  const heads = numberAttr(ctx, "heads");
  const scale = optionalNumberAttr(ctx, "scale") ?? 1 / Math.sqrt(q.shape[2]! / heads);
  const p = numberAttr(ctx, "dropout");
  if (!mask && !bias && !(ctx.training && p > 0) && fusedKernelsAvailable()) return headwiseAttention(q, k, v, heads, scale);

  let scores = tf.mul(tf.matMul(splitHeads(q, heads), splitHeads(k, heads), false, true), scale); // [B, heads, T, S]
  if (bias) scores = tf.add(scores, bias);
  if (mask) scores = tf.where(alignMask(mask), scores, tf.scalar(MASKED_SCORE));
  let probs = tf.softmax(scores);
  if (ctx.training && p > 0) probs = dropout(probs, p, ctx);
  return mergeHeads(tf.matMul(probs, splitHeads(v, heads)));
};

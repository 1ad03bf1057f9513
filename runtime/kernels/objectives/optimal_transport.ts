// optimal_transport: ViLT's word-patch alignment distance, reproducing dandelin/ViLT
// vilt/modules/objectives.py (`cost_matrix_cosine`, `ipot`, `optimal_transport_dist`):
//
//   C = 1 − cos(x_i, y_j)  (F.normalize with eps 1e-5), 0 where either token is padding
//   T = IPOT(C): the inexact proximal point method (Xie et al. 2018) with step β, run for
//       `iterations` outer steps of `inner_steps` Sinkhorn-like updates, from uniform marginals
//       over the valid tokens, computed WITHOUT gradient, and 0 wherever either side is padding
//   distance_b = trace(C_b · T_b) = Σ_ij C_ij T_ij
//
// so the gradient reaches x and y only through C, with T held fixed: here the plan is built
// inside tf.customGrad, whose gradient is dy·T (nothing of the 50 iterations is taped).
// ViLT keeps its plan as [B, N, M]; it is kept here as [B, M, N] (the transpose), which turns
// every product into a plain batched matMul. Padding uses ViLT's own device: 1e4 added to the
// denominators at padded positions. ViLT's inner loop only works for inner_steps = 1 (its σ
// changes shape after the first inner step); here each inner step repeats the same two updates,
// and fewer than one inner step counts as one (the updates define the plan).
import { numberAttr, operand } from "../attrs.js";
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "optimal_transport";

const NORMALIZE_EPS = 1e-5;
const PAD_DENOMINATOR = 1e4;

interface Padding {
  /** [B, M, 1] and [B, N, 1]: true at padded tokens. */
  readonly xPad: Tensor;
  readonly yPad: Tensor;
  /** [B, M, N]: true where either token is padding. */
  readonly joint: Tensor;
  /** [B, 1, 1]: how many tokens are valid. */
  readonly xLen: Tensor;
  readonly yLen: Tensor;
}

/** A validity mask (any dtype, nonzero = valid; absent = all valid) as padding flags [B, L, 1]. */
function paddingOf(valid: Tensor | undefined, batch: number, len: number): Tensor {
  if (!valid) return tf.zeros([batch, len, 1], "bool");
  return tf.reshape(tf.broadcastTo(tf.equal(valid, tf.zerosLike(valid)), [batch, len]), [batch, len, 1]);
}

function validCount(pad: Tensor): Tensor {
  return tf.sum(tf.sub(1, tf.cast(pad, "float32")), [1, 2], true);
}

function cosineCost(x: Tensor, y: Tensor): Tensor {
  const unit = (t: Tensor): Tensor => tf.div(t, tf.maximum(tf.sqrt(tf.sum(tf.square(t), -1, true)), NORMALIZE_EPS));
  return tf.sub(1, tf.matMul(unit(x), unit(y), false, true));
}

/** The IPOT plan for cost C[B, M, N] (masked), as [B, M, N]; plain tensors, no gradient. */
function ipotPlan(cost: Tensor, pad: Padding, beta: number, iterations: number, innerSteps: number): Tensor {
  const zero = tf.scalar(0);
  const affinity = tf.where(pad.joint, zero, tf.exp(tf.div(tf.neg(cost), beta))); // ViLT's A
  const xMask = tf.mul(tf.cast(pad.xPad, "float32"), PAD_DENOMINATOR);
  const yMask = tf.mul(tf.cast(pad.yPad, "float32"), PAD_DENOMINATOR);
  let plan = tf.where(pad.joint, zero, tf.onesLike(cost));
  let sigma = tf.where(pad.xPad, zero, tf.div(1, tf.broadcastTo(pad.xLen, pad.xPad.shape))); // [B, M, 1]
  for (let it = 0; it < iterations; it++) {
    const next = tf.tidy(() => {
      const q = tf.mul(affinity, plan);
      let s = sigma;
      let delta = s;
      for (let step = 0; step < innerSteps; step++) {
        delta = tf.div(1, tf.add(tf.mul(pad.yLen, tf.matMul(q, s, true, false)), yMask)); // [B, N, 1]
        s = tf.div(1, tf.add(tf.mul(pad.xLen, tf.matMul(q, delta)), xMask)); // [B, M, 1]
      }
      return [tf.mul(tf.mul(s, q), tf.reshape(delta, [delta.shape[0]!, 1, delta.shape[1]!])), s];
    });
    plan.dispose();
    sigma.dispose();
    [plan, sigma] = next as [Tensor, Tensor];
  }
  return tf.where(pad.joint, zero, plan);
}

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const y = operand(inputs, 1, ctx);
  const [batch, m] = x.shape as [number, number];
  const n = y.shape[1]!;
  const beta = numberAttr(ctx, "beta");
  const iterations = numberAttr(ctx, "iterations");
  const innerSteps = Math.max(1, numberAttr(ctx, "inner_steps"));

  const xPad = paddingOf(inputs[2], batch, m);
  const yPad = paddingOf(inputs[3], batch, n);
  const joint = tf.logicalOr(xPad, tf.reshape(yPad, [batch, 1, n]));
  const pad: Padding = { xPad, yPad, joint, xLen: validCount(xPad), yLen: validCount(yPad) };
  const cost = tf.where(joint, tf.scalar(0), cosineCost(x, y));

  const distance = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [c, save] = args as [Tensor, tf.GradSaveFunc];
    const plan = ipotPlan(c, pad, beta, iterations, innerSteps);
    save([plan]);
    return {
      value: tf.sum(tf.mul(c, plan), [1, 2]),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(tf.reshape(dy, [batch, 1, 1]), saved[0]!),
    };
  });
  return distance(cost);
};

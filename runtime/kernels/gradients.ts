// Gradient plumbing that tfjs lacks or gets wrong for our purposes: summing a broadcast gradient
// back to an operand's shape, a broadcast whose gradient works at every rank (tfjs broadcasts
// through Tile, whose gradient stops at rank 4), and an identity with a zero gradient.
//
// Tensors a custom gradient needs are passed through tfjs's `save`, never captured: the kernel's
// tf.tidy frees everything else before the backward pass runs.
import { tf, type Tensor } from "../tf.js";

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Sums `g` (the gradient of a broadcast result) over the axes that broadcasting added or stretched. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return tf.reshape(axes.length ? tf.sum(g, axes) : g, shape as number[]);
}

/** NumPy broadcast of `x` to `shape`; the identity (x itself) when it already has that shape. */
export function expandTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  if (x.dtype !== "float32") return tf.broadcastTo(x, shape as number[]);
  const from = x.shape;
  const expand = tf.customGrad((v) => ({
    value: tf.broadcastTo(v as Tensor, shape as number[]),
    gradFunc: (dy) => sumToShape(dy, from),
  }));
  return expand(x);
}

/** The identity whose gradient is zero. Reshape shares the data, so no copy is made. */
export function stopGradient(x: Tensor): Tensor {
  if (x.dtype !== "float32") return tf.reshape(x, x.shape);
  const stop = tf.customGrad((v) => ({
    value: tf.reshape(v as Tensor, (v as Tensor).shape),
    gradFunc: (dy) => tf.zerosLike(dy),
  }));
  return stop(x);
}

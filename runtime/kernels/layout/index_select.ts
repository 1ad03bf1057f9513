// Index-select along one axis (tf.gather) with a gradient that tfjs-wasm can run: tfjs
// differentiates gather through UnsortedSegmentSum, which the wasm backend does not have, so the
// float case scatter-adds the incoming gradient with ScatterNd (which every backend has; repeated
// indices accumulate). Transposes stay at rank 3.
import { tf, type Tensor } from "../../tf.js";

function scatterBack(dy: Tensor, index: Tensor, xShape: readonly number[], axis: number): Tensor {
  const n = xShape[axis]!;
  const outer = xShape.slice(0, axis).reduce((a, d) => a * d, 1);
  const inner = xShape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const k = index.size;
  const at = tf.reshape(index, [k, 1]);
  if (outer === 1) return tf.reshape(tf.scatterND(at, tf.reshape(dy, [k, inner]), [n, inner]), xShape as number[]);
  const rows = tf.transpose(tf.reshape(dy, [outer, k, inner]), [1, 0, 2]);
  const summed = tf.scatterND(at, rows, [n, outer, inner]);
  return tf.reshape(tf.transpose(summed, [1, 0, 2]), xShape as number[]);
}

/** x with `axis` replaced by index's shape: out[..., i..., ...] = x[..., index[i...], ...]. */
export function indexSelect(x: Tensor, index: Tensor, axis: number): Tensor {
  if (x.dtype !== "float32") return tf.gather(x, index, axis);
  const xShape = x.shape;
  const select = tf.customGrad((v, i, save) => {
    (save as tf.GradSaveFunc)([i as Tensor]);
    return {
      value: tf.gather(v as Tensor, i as Tensor, axis),
      // The index gets a zero gradient (tfjs requires float32 gradients for every input).
      gradFunc: (dy, saved) => [scatterBack(dy, saved[0]!, xShape, axis), tf.zeros(saved[0]!.shape)],
    };
  });
  return select(x, index);
}

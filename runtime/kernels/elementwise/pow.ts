// pow: a ^ b, broadcasting. The float gradient follows PyTorch at the edges where tfjs differs:
// d/da is 0 where b = 0 (tfjs gives 0·a^−1, NaN at a = 0), and d/db is 0 where a = 0 and b ≥ 0
// but NaN for a < 0 (log of a negative number; tfjs silently gives 0).
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { sumToShape } from "../gradients.js";
import { binary } from "./shared.js";

const floatPow = tf.customGrad((a, b, save) => {
  const value = tf.pow(a as Tensor, b as Tensor);
  (save as tf.GradSaveFunc)([a as Tensor, b as Tensor, value]);
  return {
    value,
    gradFunc: (dy, saved) => {
      const [x, e, y] = saved as [Tensor, Tensor, Tensor];
      const zero = tf.zerosLike(dy);
      const dx = tf.where(tf.equal(e, 0), zero, tf.mul(dy, tf.mul(e, tf.pow(x, tf.sub(e, 1)))));
      const dropsOut = tf.logicalAnd(tf.equal(x, 0), tf.greaterEqual(e, 0));
      const de = tf.where(dropsOut, zero, tf.mul(dy, tf.mul(y, tf.log(x))));
      return [sumToShape(dx, x.shape), sumToShape(de, e.shape)];
    },
  };
});

export const op = "pow";
export const kernel: Kernel = binary((a, b) => (a.dtype === "float32" ? floatPow(a, b) : tf.pow(a, b)));

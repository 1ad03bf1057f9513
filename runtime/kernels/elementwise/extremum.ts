// The shared body of maximum and minimum. PyTorch splits the gradient equally between the two
// operands where they tie; tfjs gives all of it to one side, so the float case has its own gradient.
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { sumToShape } from "../gradients.js";
import { binary } from "./shared.js";

export function extremum(which: "max" | "min"): Kernel {
  const pick = which === "max" ? tf.maximum : tf.minimum;
  const wins = which === "max" ? tf.greater : tf.less;
  const float = tf.customGrad((a, b, save) => {
    (save as tf.GradSaveFunc)([a as Tensor, b as Tensor]);
    return {
      value: pick(a as Tensor, b as Tensor),
      gradFunc: (dy, saved) => {
        const [x, y] = saved as [Tensor, Tensor];
        // 1 where a wins, ½ on a tie, 0 where b wins; b gets the rest.
        const share = tf.add(tf.cast(wins(x, y), "float32"), tf.mul(tf.cast(tf.equal(x, y), "float32"), 0.5));
        const da = tf.mul(dy, share);
        return [sumToShape(da, x.shape), sumToShape(tf.sub(dy, da), y.shape)];
      },
    };
  });
  return binary((a, b) => (a.dtype === "float32" ? float(a, b) : pick(a, b)));
}

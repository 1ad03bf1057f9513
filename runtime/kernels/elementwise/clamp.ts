// clamp: x limited to [min, max], either bound optional. The gradient passes where
// min ≤ x ≤ max (bounds included) and is 0 outside, as PyTorch's clamp / clamp_min / clamp_max.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { operand, optionalNumberAttr } from "../attrs.js";

export const op = "clamp";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const min = optionalNumberAttr(ctx, "min");
  const max = optionalNumberAttr(ctx, "max");
  if (x.dtype === "float32") {
    // PyTorch gives max everywhere (with a zero gradient) when min > max; tfjs would refuse.
    if (min !== undefined && max !== undefined && min > max) return tf.add(tf.mul(x, 0), max);
    return tf.clipByValue(x, min ?? -Infinity, max ?? Infinity);
  }
  // Integers: tfjs-wasm's ClipByValue mishandles int32, and a fractional bound means the
  // nearest integer inside it (x ≥ 0.5 ⇔ x ≥ 1).
  let y = x;
  if (min !== undefined) y = tf.maximum(y, tf.scalar(Math.ceil(min), "int32"));
  if (max !== undefined) y = tf.minimum(y, tf.scalar(Math.floor(max), "int32"));
  return y;
};

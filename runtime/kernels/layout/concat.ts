// concat: joins the tensors along an axis (class token + patches, image + text tokens).
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { axisAttr } from "../attrs.js";

export const op = "concat";
export const kernel: Kernel = (inputs, ctx) => {
  const xs = inputs.filter((t): t is Tensor => t !== undefined);
  if (xs.length === 0) throw new Error("concat: no tensors (internal error: the checker requires one)");
  if (xs.length === 1) return xs[0]!;
  return tf.concat(xs, axisAttr(ctx, "axis", xs[0]!.rank)!);
};

// cast: converts to the node's dtype. Float → integer truncates toward zero (as PyTorch's
// .to(torch.int32)); anything → bool is "nonzero"; a cast to the dtype a tensor already has
// (f32 → f16 included: tfjs holds both as float32) returns the tensor itself.
import { tfDtype } from "../../dtypes.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";

export const op = "cast";
export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const to = tfDtype(ctx.node.type.dtype);
  if (x.dtype === to) return x;
  // tfjs-wasm's Cast to bool copies float bytes, so 0.5 would become false: compare instead.
  if (to === "bool") return tf.notEqual(x, tf.scalar(0, x.dtype));
  return tf.cast(x, to);
};

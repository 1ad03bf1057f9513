// Makers for the many elementwise kernels that are one tfjs call on one or two tensors.
import type { Tensor } from "../../tf.js";
import { operand } from "../attrs.js";
import type { Kernel } from "../types.js";

/** A kernel applying `f` to the node's two operands (tfjs broadcasts NumPy-style). */
export function binary(f: (a: Tensor, b: Tensor) => Tensor): Kernel {
  return (inputs, ctx) => f(operand(inputs, 0, ctx), operand(inputs, 1, ctx));
}

/** A kernel applying `f` to the node's one operand. */
export function unary(f: (x: Tensor) => Tensor): Kernel {
  return (inputs, ctx) => f(operand(inputs, 0, ctx));
}

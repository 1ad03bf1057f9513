// How a generated module's arguments reach a kernel. Where an op expects a tensor the spec may
// give a number or a bool (`x * 0.5`, `where(mask, ids, -100)`); the elaborator turns each into a
// scalar `constant` node (compiler/elaborate/builtins.ts callOp, expr.ts constantNode), and so
// does this, with the same dtype and in the same order, so that every op after it gets the key
// and the operand the IR runtime gives it.
import { isFloat, type DType } from "../../compiler/ir/types.js";
import type { Tensor } from "../tf.js";
import { irDtypeOf } from "../dtypes.js";
import { callKernel, OpCallError, type OpAttrs } from "./kernel-call.js";

/** What generated code may pass where an op expects a tensor. */
export type TensorArg = Tensor | number | boolean;

/**
 * Runs op `name` on `args` (undefined for an absent optional input), then the tensors of its
 * variadic input `rest` (concat's), with `attrs`. A number takes the dtype of the first non-bool
 * tensor argument, else of the first tensor — as callOp's rule, which for a binary op is the
 * other operand's dtype, as the operators' rule (expr.ts tensorBinary) — and, with no tensor
 * beside it, i32 when integral, else f32; a bool is always a bool scalar.
 */
export function opCall(name: string, args: readonly (TensorArg | undefined)[], attrs: OpAttrs = {}, rest: readonly Tensor[] = []): Tensor {
  const tensors = args.filter((a): a is Tensor => a !== undefined && typeof a === "object");
  const first = tensors.find((t) => irDtypeOf(t) !== "bool") ?? tensors[0];
  const like = first ? irDtypeOf(first) : undefined;
  const inputs: (Tensor | undefined)[] = args.map((a) => (a === undefined || typeof a === "object" ? a : scalar(name, a, like)));
  return callKernel(name, [...inputs, ...rest], attrs);
}

function scalar(op: string, v: number | boolean, like: DType | undefined): Tensor {
  if (typeof v === "boolean") return callKernel("constant", [], { value: v ? 1 : 0, dtype: "bool" });
  const dtype = like ?? (Number.isInteger(v) ? "i32" : "f32");
  // The elaborator reports this (VLM3002) before any code is generated; a hand-written call can still make it.
  if (!Number.isInteger(v) && !isFloat(dtype)) throw new OpCallError(op, `the number ${v} cannot be a ${dtype} scalar beside ${dtype} tensors`);
  return callKernel("constant", [], { value: v, dtype });
}

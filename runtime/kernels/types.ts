// What a kernel is: one IR op (compiler/ir/ops.ts) on TensorFlow.js. A kernel is a pure function
// of its input tensors and the node's attributes; everything else it may need comes through the
// context. Kernels are built from tfjs ops so that tfjs's autodiff differentiates them (a kernel
// that cannot be differentiated that way declares its gradient with tf.customGrad).
import type { IrNode } from "../../compiler/ir/types.js";
import type { Dim } from "../../compiler/shapes/dim.js";
import type { RandomStream } from "../random.js";
import type { Tensor } from "../tf.js";

export interface KernelContext {
  /** The node being computed: op, attributes, stable key, and its type as the checker computed it. */
  readonly node: IrNode;
  /** The node's output shape with the run's dims (B, T, …) bound. */
  readonly shape: readonly number[];
  /** A dim (an attribute such as a slice bound or a reshape target) with the run's dims bound. */
  dim(d: Dim | number): number;
  /** Training mode: dropout and drop-path are active. Eval: they are the identity. */
  readonly training: boolean;
  /** The node's own random stream, seeded by (run seed, step, node key). Random ops only. */
  random(): RandomStream;
  /** Sources: a model input, a parameter (an alias reads its owner's tensor), a buffer. */
  input(name: string): Tensor;
  param(name: string): Tensor;
  buffer(name: string): Tensor;
}

/** Absent optional inputs are undefined; a variadic input (concat) contributes every tensor in order. */
export type Kernel = (inputs: readonly (Tensor | undefined)[], ctx: KernelContext) => Tensor;

/** What each kernel file exports. */
export interface KernelEntry {
  readonly op: string;
  readonly kernel: Kernel;
}

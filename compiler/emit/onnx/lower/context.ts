// What lowering one IR node sees: its operands' value names and types, the builder, the graph's
// dims, the opset, and two ways to add nodes — intermediates, and the node's own result (which
// carries the IR node's value name). A lowering returns the value name holding the node's
// result: usually `result(…)`'s, or an operand's own name for an op that is the identity here
// (eval-mode dropout, stop_gradient).
import type { IrGraph, IrNode, TensorType } from "../../../ir/types.js";
import type { Attrs, GraphBuilder } from "../builder.js";
import type { GraphDims } from "../dims.js";

export interface Lower {
  readonly node: IrNode;
  readonly ir: IrGraph;
  readonly g: GraphBuilder;
  readonly dims: GraphDims;
  readonly opset: number;
  /** Operand i's value name; the checker guarantees required operands. */
  in(i: number): string;
  /** An optional operand's value name, or undefined when absent. */
  maybe(i: number): string | undefined;
  /** Every operand's value name (a variadic op's list). */
  all(): string[];
  /** Operand i's type as the checker computed it. */
  type(i: number): TensorType;
  /** An intermediate node; returns its output's value name. */
  op(opType: string, inputs: readonly string[], attrs?: Attrs): string;
  /** An intermediate node with several outputs (TopK); returns their value names. */
  ops(opType: string, inputs: readonly string[], outputs: number, attrs?: Attrs): string[];
  /** The node that produces this IR node's value; returns that value's name. */
  result(opType: string, inputs: readonly string[], attrs?: Attrs): string;
}

export type Lowering = (c: Lower) => string;

/** An axis resolved against a rank (negative counts from the end). */
export function axisOf(value: unknown, rank: number): number {
  const a = Number(value);
  return a < 0 ? a + rank : a;
}

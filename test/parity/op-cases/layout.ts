// Parity cases for the layout family (compiler/ir/ops/layout.ts): ops that move values without
// arithmetic. Their forward results must be exactly torch's, and so must their gradients (sums
// of routed cotangents, well within the elementwise tolerance).
import { TOL } from "../compare.js";
import { hostOf } from "../tensors.js";
import { draws, opCase, type OpCase } from "./case.js";

const moved = { tol: TOL.elementwise };

export function layoutCases(): OpCase[] {
  const d = draws("layout");
  return [
    opCase("reshape.inferred", "reshape", [d.normal([2, 3, 4])], { ...moved, attrs: { shape: [4, -1] } }),
    opCase("reshape.int", "reshape", [d.ints([6], 0, 9)], { ...moved, attrs: { shape: [2, 1, 3] } }),
    opCase("transpose.default", "transpose", [d.normal([2, 3, 4])], moved),
    opCase("transpose.outer", "transpose", [d.normal([2, 3, 4])], { ...moved, attrs: { a: 0, b: 2 } }),
    opCase("permute", "permute", [d.normal([2, 3, 4, 5])], { ...moved, attrs: { axes: [2, 0, 3, 1] } }),
    opCase("flatten.tail", "flatten", [d.normal([2, 3, 2, 2])], { ...moved, attrs: { start: 2 } }),
    opCase("flatten.middle", "flatten", [d.normal([2, 3, 2, 2])], { ...moved, attrs: { start: 1, end: 2 } }),
    opCase("unsqueeze", "unsqueeze", [d.normal([3, 4])], { ...moved, attrs: { axis: 1 } }),
    opCase("unsqueeze.last", "unsqueeze", [d.normal([3, 4])], { ...moved, attrs: { axis: -1 } }),
    opCase("squeeze", "squeeze", [d.normal([3, 1, 4])], { ...moved, attrs: { axis: 1 } }),
    opCase("concat.axis1", "concat", [d.normal([2, 1, 3]), d.normal([2, 4, 3]), d.normal([2, 2, 3])], { ...moved, attrs: { axis: 1 } }),
    opCase("concat.axis0_int", "concat", [d.ints([1, 3], 0, 9), d.ints([2, 3], 0, 9)], moved),
    opCase("slice.middle", "slice", [d.normal([2, 6, 3])], { ...moved, attrs: { axis: 1, start: 1, end: 4 } }),
    opCase("slice.negative", "slice", [d.normal([2, 6, 3])], { ...moved, attrs: { axis: 1, start: 0, end: -1 } }),
    opCase("slice.from_end", "slice", [d.normal([5, 2])], { ...moved, attrs: { axis: 0, start: -3, end: 5 } }),
    opCase("select.class_token", "select", [d.normal([2, 5, 3])], { ...moved, attrs: { axis: 1, index: 0 } }),
    opCase("select.negative", "select", [d.normal([4, 3])], { ...moved, attrs: { axis: 0, index: -1 } }),
    opCase("gather.rows", "gather", [d.normal([4, 3, 2]), hostOf("i32", [5], [3, 0, 3, 1, 2])], moved),
    opCase("gather.axis1_matrix_index", "gather", [d.normal([2, 5, 3]), hostOf("i32", [2, 2], [4, 0, 0, 2])], { ...moved, attrs: { axis: 1 } }),
    opCase("gather.int", "gather", [d.ints([4, 6], 0, 99), hostOf("i32", [3], [2, 2, 0])], moved),
    opCase("take_at", "take_at", [d.normal([3, 5, 4]), hostOf("i32", [3], [4, 0, 2])], moved),
    opCase("take_at.rank2", "take_at", [d.normal([3, 5]), hostOf("i32", [3], [1, 1, 4])], moved),
    opCase("broadcast_to.class_token", "broadcast_to", [d.normal([4])], { ...moved, attrs: { shape: [3, 1, 4] } }),
    opCase("broadcast_to.middle", "broadcast_to", [d.normal([2, 1, 3])], { ...moved, attrs: { shape: [2, 4, 3] } }),
    opCase("broadcast_to.rank5", "broadcast_to", [d.normal([3, 1])], { ...moved, attrs: { shape: [2, 1, 2, 3, 2] } }),
    opCase("one_hot.f32", "one_hot", [hostOf("i32", [2, 3], [0, 4, 2, 1, 1, 3])], { ...moved, attrs: { depth: 5 } }),
    opCase("one_hot.i32", "one_hot", [hostOf("i32", [4], [3, 0, 1, 3])], { ...moved, attrs: { depth: 4, dtype: "i32" } }),
    opCase("fill_diagonal.square", "fill_diagonal", [d.normal([4, 4])], moved),
    opCase("fill_diagonal.batched_wide", "fill_diagonal", [d.normal([2, 3, 5])], { ...moved, attrs: { value: -2.5 } }),
    opCase("padding_mask", "padding_mask", [hostOf("i32", [2, 4], [1, 1, 1, 0, 1, 0, 0, 0])], moved),
    // Tokens written at distinct positions per row (torch's scatter leaves repeats unspecified).
    opCase("scatter.tokens", "scatter", [d.normal([2, 5, 3]), hostOf("i32", [2, 2], [4, 1, 0, 2]), d.normal([2, 2, 3])], moved),
    opCase("scatter.axis0", "scatter", [d.normal([6, 4]), hostOf("i32", [3], [5, 0, 3]), d.normal([3, 4])], { ...moved, attrs: { axis: 0 } }),
    opCase("scatter.int", "scatter", [d.ints([2, 4], 0, 9), hostOf("i32", [2, 1], [3, 0]), d.ints([2, 1], 10, 20)], moved),
    // Normal draws have no ties, where torch's order is unspecified.
    opCase("topk_values", "topk_values", [d.normal([3, 6])], { ...moved, attrs: { k: 3 } }),
    opCase("topk_values.rank3_all", "topk_values", [d.normal([2, 2, 4])], { ...moved, attrs: { k: 4 } }),
    opCase("topk_values.int", "topk_values", [hostOf("i32", [2, 4], [3, -1, 7, 0, 5, 9, 2, 8])], { ...moved, attrs: { k: 2 } }),
    opCase("topk_indices", "topk_indices", [d.normal([3, 6])], { ...moved, attrs: { k: 3 } }),
    opCase("topk_indices.rank3", "topk_indices", [d.normal([2, 3, 5])], { ...moved, attrs: { k: 1 } }),
  ];
}

// Cases only the ONNX op test needs, beside the PyTorch parity cases (test/parity/op-cases/):
// branches of the lowerings that those cases never reach (integer floor division, crossed and
// fractional clamp bounds, negative positions, out-of-range one-hot indices, integer fills, an
// all-ignored cross entropy, repeated and out-of-range scatter positions), and one node of each sampling op, which the parity suite cannot
// have (torch cannot redo vlmc's draws) and the emitter must refuse.
import { hostOf } from "../parity/tensors.js";
import { draws, opCase, type OpCase } from "../parity/op-cases/case.js";
import { TOL } from "../parity/compare.js";

const ew = { tol: TOL.elementwise };

export function branchCases(): OpCase[] {
  const d = draws("onnx.branches");
  return [
    // Floor division rounds toward −∞ (−7 // 2 = −4), where ONNX's Div truncates.
    opCase("div.int_floor", "div", [hostOf("i32", [2, 6], [-7, 7, -7, 7, 0, -1, 9, -9, 5, -5, 3, -8]), hostOf("i32", [6], [2, 2, -2, -2, 3, 4])], ew),
    opCase("clamp.crossed_bounds", "clamp", [d.normal([3, 4], 2)], { ...ew, attrs: { min: 1, max: -1 } }),
    opCase("clamp.int_fractional", "clamp", [hostOf("i32", [6], [-4, -3, -2, 0, 3, 4])], { ...ew, attrs: { min: -2.5, max: 3.5 } }),
    opCase("clamp.int_min_only", "clamp", [hostOf("i32", [4], [-1, 0, 1, 2])], { ...ew, attrs: { min: 0.5 } }),
    opCase("clamp.int_max_only", "clamp", [hostOf("i32", [4], [-1, 0, 1, 2])], { ...ew, attrs: { max: -0.5 } }),
    opCase("cast.i32_to_bool", "cast", [hostOf("i32", [4], [0, -3, 1, 0])], { ...ew, attrs: { dtype: "bool" } }),
    opCase("cast.bool_to_i32", "cast", [d.bools([2, 3])], { ...ew, attrs: { dtype: "i32" } }),
    opCase("ne.bool", "ne", [d.bools([3, 4]), d.bools([4])], ew),
    opCase("take_at.negative", "take_at", [d.normal([3, 5, 2]), hostOf("i32", [3], [-1, 0, -5])], ew),
    opCase("one_hot.out_of_range", "one_hot", [hostOf("i32", [5], [-1, 4, 2, 0, 9])], { ...ew, attrs: { depth: 4 } }),
    opCase("padding_mask.bool", "padding_mask", [d.bools([2, 4])], ew),
    opCase("fill_diagonal.int_fraction", "fill_diagonal", [d.ints([3, 4], 0, 9)], { ...ew, attrs: { value: -2.5 } }),
    opCase("full.i32_fraction", "full", [], { attrs: { shape: [2], value: -2.7, dtype: "i32" } }),
    opCase("constant.i32_fraction", "constant", [], { attrs: { value: 3.9, dtype: "i32" } }),
    // Scatter: a repeated position sums its rows, one outside [0, N) writes nothing; rows of
    // several axes, none (the last axis), and integers.
    opCase("scatter.repeated_and_outside", "scatter", [d.normal([2, 4, 3]), hostOf("i32", [2, 3], [1, 1, 9, -1, 0, 2]), d.normal([2, 3, 3])], ew),
    opCase("scatter.rows_of_rank2", "scatter", [d.normal([2, 3, 2, 2]), hostOf("i32", [2, 1], [2, 0]), d.normal([2, 1, 2, 2])], ew),
    opCase("scatter.last_axis_int", "scatter", [d.ints([2, 5], 0, 9), hostOf("i32", [2, 2], [4, 0, 1, 3]), d.ints([2, 2], 10, 20)], { ...ew, attrs: { axis: -1 } }),
    opCase("cross_entropy.all_ignored", "cross_entropy", [d.normal([3, 4]), hostOf("i32", [3], [-100, -100, -100])]),
  ];
}

export function samplerCases(): OpCase[] {
  const d = draws("onnx.samplers");
  return [
    opCase("bernoulli_mask.words", "bernoulli_mask", [d.ints([2, 5], 0, 9), d.ints([2, 5], 0, 3)], { attrs: { p: 0.15 } }),
    opCase("mask_tokens", "mask_tokens", [d.ints([2, 5], 0, 9), d.bools([2, 5])], { attrs: { mask_id: 3, vocab: 10 } }),
    opCase("patch_block_mask", "patch_block_mask", [d.normal([2, 4, 3])], { attrs: { grid_h: 2, grid_w: 2, ratio: 0.4, min_block: 1 } }),
    opCase("multinomial", "multinomial", [d.uniform([3, 4], 0.1, 1)]),
    opCase("budget_mask", "budget_mask", [d.normal([2, 5])], { attrs: { p: 0.4 } }),
  ];
}

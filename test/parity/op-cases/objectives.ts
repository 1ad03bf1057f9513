// Parity cases for the losses and state ops (compiler/ir/ops/objectives.ts) and for the
// deterministic sources (compiler/ir/ops/sources.ts: constants, ranges and masks). The random
// samplers of the objectives family are not here: see EXCLUDED in ops.test.ts.
import type { HostTensor } from "../../../runtime/init.js";
import { hostOf, type Draws } from "../tensors.js";
import { draws, opCase, type OpCase } from "./case.js";

/** Rows of non-negative weights summing to 1 (soft targets). */
function distributions(d: Draws, rows: number, classes: number): HostTensor {
  const t = d.uniform([rows, classes], 0.05, 1);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < classes; c++) total += t.data[r * classes + c]!;
    for (let c = 0; c < classes; c++) t.data[r * classes + c] = t.data[r * classes + c]! / total;
  }
  return t;
}

function validity(rows: readonly number[], len: number): HostTensor {
  return hostOf("i32", [rows.length, len], rows.flatMap((real) => Array.from({ length: len }, (_, i) => (i < real ? 1 : 0))));
}

function crossEntropyCases(d: Draws): OpCase[] {
  const labels = hostOf("i32", [2, 4], [3, -100, 0, 6, -100, 2, 2, 5]);
  const padded = hostOf("i32", [2, 4], [5, 1, 0, 0, 2, 6, 3, 0]);
  return [
    opCase("cross_entropy.plain", "cross_entropy", [d.normal([5, 7], 2), d.ints([5], 0, 7)]),
    opCase("cross_entropy.smoothing_ignore", "cross_entropy", [d.normal([2, 4, 7], 2), labels], { attrs: { label_smoothing: 0.1 } }),
    opCase("cross_entropy.pad_ignored", "cross_entropy", [d.normal([2, 4, 7], 2), padded], { attrs: { label_smoothing: 0.1, ignore_index: 0 } }),
    opCase("cross_entropy.none", "cross_entropy", [d.normal([2, 4, 7], 2), labels], { attrs: { reduction: "none", label_smoothing: 0.2 } }),
    opCase("cross_entropy.sum", "cross_entropy", [d.normal([6, 3], 2), d.ints([6], 0, 3)], { attrs: { reduction: "sum" } }),
    opCase("soft_cross_entropy.mean", "soft_cross_entropy", [d.normal([4, 6], 2), distributions(d, 4, 6)]),
    opCase("soft_cross_entropy.none", "soft_cross_entropy", [d.normal([2, 3, 5], 2), { ...distributions(d, 6, 5), shape: [2, 3, 5] }], { attrs: { reduction: "none" } }),
    opCase("soft_cross_entropy.sum", "soft_cross_entropy", [d.normal([3, 4], 2), distributions(d, 3, 4)], { attrs: { reduction: "sum" } }),
    opCase("bce_with_logits.mean", "bce_with_logits", [d.normal([3, 4], 3), d.uniform([3, 4], 0, 1)]),
    opCase("bce_with_logits.none", "bce_with_logits", [d.normal([5], 3), hostOf("f32", [5], [0, 1, 1, 0, 0.5])], { attrs: { reduction: "none" } }),
    opCase("bce_with_logits.sum", "bce_with_logits", [d.normal([2, 3], 3), d.uniform([2, 3], 0, 1)], { attrs: { reduction: "sum" } }),
    opCase("mse.mean", "mse", [d.normal([3, 4]), d.normal([3, 4])]),
    opCase("mse.none", "mse", [d.normal([2, 3]), d.normal([2, 3])], { attrs: { reduction: "none" } }),
    opCase("mse.sum", "mse", [d.normal([2, 3]), d.normal([2, 3])], { attrs: { reduction: "sum" } }),
  ];
}

function transportCases(d: Draws): OpCase[] {
  return [
    opCase("optimal_transport.unmasked", "optimal_transport", [d.normal([2, 4, 6]), d.normal([2, 5, 6])]),
    opCase("optimal_transport.masked", "optimal_transport", [d.normal([3, 5, 6]), d.normal([3, 7, 6]), validity([3, 5, 2], 5), validity([7, 4, 6], 7)]),
    opCase("optimal_transport.few_iterations", "optimal_transport", [d.normal([2, 4, 6]), d.normal([2, 3, 6]), validity([4, 2], 4), undefined], { attrs: { beta: 0.1, iterations: 5 } }),
    opCase("optimal_transport.inner_steps", "optimal_transport", [d.normal([2, 4, 6]), d.normal([2, 3, 6])], { attrs: { iterations: 10, inner_steps: 2 } }),
  ];
}

function sourceCases(): OpCase[] {
  return [
    opCase("constant.f32", "constant", [], { attrs: { value: 2.5, dtype: "f32" } }),
    opCase("constant.i32", "constant", [], { attrs: { value: -3, dtype: "i32" } }),
    opCase("full.f32", "full", [], { attrs: { shape: [2, 3], value: -1.5 } }),
    opCase("full.i32", "full", [], { attrs: { shape: [4, 1], value: 7, dtype: "i32" } }),
    opCase("full.bool", "full", [], { attrs: { shape: [3], value: 1, dtype: "bool" } }),
    opCase("arange", "arange", [], { attrs: { n: 6 } }),
    opCase("dim_value.f32", "dim_value", [], { attrs: { dim: 7, dtype: "f32" } }),
    opCase("dim_value.i32", "dim_value", [], { attrs: { dim: 12, dtype: "i32" } }),
    opCase("causal_mask", "causal_mask", [], { attrs: { n: 5 } }),
    opCase("block_mask.prefix", "block_mask", [], { attrs: { sizes: [2, 3], pattern: [["full", "none"], ["full", "causal"]] } }),
    opCase("block_mask.three_segments", "block_mask", [], {
      attrs: {
        sizes: [1, 3, 2],
        pattern: [
          ["full", "full", "none"],
          ["none", "causal", "full"],
          ["full", "none", "causal"],
        ],
      },
    }),
  ];
}

export function objectiveCases(): OpCase[] {
  const d = draws("objectives");
  return [
    ...crossEntropyCases(d),
    ...transportCases(d),
    opCase("enqueue.reads_queue_before_write", "enqueue", [d.normal([6, 4]), d.normal([2, 4])], { grads: [] }),
    ...sourceCases(),
  ];
}

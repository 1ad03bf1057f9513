// Parity cases for the elementwise family (compiler/ir/ops/elementwise.ts): arithmetic with
// broadcasting, comparisons and logic, activations, casts, reductions, softmax, normalisations,
// and the training-only ops (dropout, drop_path) given their draws. Inputs stay where the ops are
// well conditioned (logs and roots of positive numbers, no ties where a gradient is undefined).
import type { HostTensor } from "../../../runtime/init.js";
import { TOL } from "../compare.js";
import { hostOf } from "../tensors.js";
import { draws, opCase, type OpCase } from "./case.js";

const ew = { tol: TOL.elementwise };

/** Which elements (or samples) survived, read off vlmc's result: x is never exactly 0 here. */
function kept(out: HostTensor): HostTensor {
  return hostOf("f32", out.shape, Array.from(out.data, (v) => (v !== 0 ? 1 : 0)));
}

/** The per-sample keep flags of drop_path, shaped [B, 1, …] like its mask. */
function keptSamples(out: HostTensor): HostTensor {
  const batch = out.shape[0]!;
  const per = out.data.length / batch;
  return hostOf("f32", [batch, ...out.shape.slice(1).map(() => 1)], Array.from({ length: batch }, (_, b) => (out.data[b * per] !== 0 ? 1 : 0)));
}

function binaries(): OpCase[] {
  const out: OpCase[] = [];
  for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"]) {
    const d = draws(op);
    const positive = op === "div";
    const b = positive ? d.uniform([4], 0.5, 2) : d.normal([4]);
    out.push(opCase(`${op}.broadcast`, op, [d.normal([2, 3, 4]), b], ew));
    out.push(opCase(`${op}.both_sides`, op, [d.normal([3, 1]), positive ? d.uniform([1, 4], 0.5, 2) : d.normal([1, 4])], ew));
  }
  const d = draws("pow");
  out.push(opCase("pow.positive_base", "pow", [d.uniform([3, 4], 0.5, 2), d.uniform([3, 4], -1.5, 2.5)], ew));
  out.push(opCase("pow.scalar_exponent", "pow", [d.uniform([2, 5], 0.5, 2), hostOf("f32", [], [2])], ew));
  // Ties split the gradient equally, as in torch.
  const t = draws("maximum.ties");
  const a = t.normal([2, 3]);
  out.push(opCase("maximum.ties", "maximum", [a, hostOf("f32", [2, 3], [a.data[0]!, 0, a.data[2]!, 1, a.data[4]!, -1])], ew));
  out.push(opCase("minimum.ties", "minimum", [a, hostOf("f32", [2, 3], [a.data[0]!, 0, a.data[2]!, 1, a.data[4]!, -1])], ew));
  // Remainders keep a / b away from integers, where float rounding would flip floor(a / b).
  const r = draws("remainder");
  const away = (t: HostTensor): HostTensor => hostOf("f32", t.shape, Array.from(t.data, (v) => Math.floor(v) + 0.25 + 0.5 * (v - Math.floor(v))));
  out.push(opCase("remainder.positive_divisor", "remainder", [r.normal([3, 4], 4), hostOf("f32", [], [1])], ew));
  out.push(opCase("remainder.signs", "remainder", [hostOf("f32", [2, 4], [5.5, -5.5, 5.5, -5.5, 7.25, -0.5, 0.5, -7.25]), hostOf("f32", [2, 4], [2, 2, -2, -2, 3, 3, -3, -3])], ew));
  out.push(opCase("remainder.broadcast", "remainder", [away(r.normal([2, 3], 3)), hostOf("f32", [1, 3], [1, 2, 4])], ew));
  out.push(opCase("remainder.int", "remainder", [hostOf("i32", [2, 4], [-7, 7, -6, 5, 0, -1, 9, -9]), hostOf("i32", [2, 4], [3, -3, 3, -2, 4, 4, -4, 4])], ew));
  out.push(opCase("add.int", "add", [d.ints([3, 4], -5, 5), d.ints([4], -5, 5)], ew));
  out.push(opCase("mul.int", "mul", [d.ints([3, 4], -5, 5), d.ints([3, 1], -5, 5)], ew));
  return out;
}

function comparisons(): OpCase[] {
  const out: OpCase[] = [];
  const d = draws("compare");
  const a = d.ints([3, 4], 0, 3);
  const b = d.ints([4], 0, 3);
  for (const op of ["eq", "ne", "lt", "le", "gt", "ge"]) {
    out.push(opCase(`${op}.int`, op, [a, b], ew));
    out.push(opCase(`${op}.float`, op, [d.normal([2, 3]), d.normal([2, 1])], ew));
  }
  const p = d.bools([3, 4]);
  const q = d.bools([3, 4]);
  out.push(opCase("logical_and", "logical_and", [p, q], ew));
  out.push(opCase("logical_or", "logical_or", [p, d.bools([4])], ew));
  out.push(opCase("logical_not", "logical_not", [q], ew));
  out.push(opCase("eq.bool", "eq", [p, q], ew));
  return out;
}

function unaries(): OpCase[] {
  const out: OpCase[] = [];
  for (const op of ["neg", "exp", "tanh", "sin", "cos", "sigmoid", "relu", "gelu", "gelu_tanh", "quick_gelu", "silu", "abs"]) {
    out.push(opCase(op, op, [draws(op).normal([3, 5], 1.5)], ew));
  }
  out.push(opCase("log", "log", [draws("log").uniform([3, 5], 0.2, 5)], ew));
  out.push(opCase("sqrt", "sqrt", [draws("sqrt").uniform([3, 5], 0.2, 5)], ew));
  out.push(opCase("neg.int", "neg", [draws("neg.int").ints([6], -9, 9)], ew));
  out.push(opCase("abs.int", "abs", [draws("abs.int").ints([6], -9, 9)], ew));
  const d = draws("cast");
  out.push(opCase("cast.f32_to_i32", "cast", [hostOf("f32", [6], [-2.7, -1.2, -0.5, 0.4, 1.9, 3])], { ...ew, attrs: { dtype: "i32" } }));
  out.push(opCase("cast.i32_to_f32", "cast", [d.ints([2, 3], -50, 50)], { ...ew, attrs: { dtype: "f32" } }));
  out.push(opCase("cast.bool_to_f32", "cast", [d.bools([2, 3])], { ...ew, attrs: { dtype: "f32" } }));
  out.push(opCase("cast.f32_to_bool", "cast", [hostOf("f32", [4], [0, -0.5, 2, 0])], { ...ew, attrs: { dtype: "bool" } }));
  out.push(opCase("cast.f32_to_f32", "cast", [d.normal([2, 2])], { ...ew, attrs: { dtype: "f32" } }));
  out.push(opCase("clamp.both", "clamp", [d.normal([3, 4], 2)], { ...ew, attrs: { min: -1, max: 1.5 } }));
  out.push(opCase("clamp.max", "clamp", [d.normal([3, 4], 2)], { ...ew, attrs: { max: 0.5 } }));
  out.push(opCase("clamp.min", "clamp", [d.normal([3, 4], 2)], { ...ew, attrs: { min: -0.25 } }));
  out.push(opCase("clamp.int", "clamp", [d.ints([5], -9, 9)], { ...ew, attrs: { min: -2, max: 3 } }));
  out.push(opCase("where", "where", [d.bools([3, 1]), d.normal([3, 4]), d.normal([4])], ew));
  out.push(opCase("where.int", "where", [d.bools([2, 3]), d.ints([2, 3], 0, 9), d.ints([], -100, -99)], ew));
  out.push(opCase("stop_gradient", "stop_gradient", [d.normal([2, 3])], ew));
  return out;
}

function reductions(): OpCase[] {
  const out: OpCase[] = [];
  for (const op of ["sum", "mean", "amax"]) {
    const d = draws(op);
    out.push(opCase(`${op}.all`, op, [d.normal([3, 4])]));
    out.push(opCase(`${op}.axis0`, op, [d.normal([3, 4, 2])], { attrs: { axis: 0 } }));
    out.push(opCase(`${op}.last_keepdims`, op, [d.normal([3, 4])], { attrs: { axis: -1, keepdims: true } }));
    out.push(opCase(`${op}.all_keepdims`, op, [d.normal([2, 3])], { attrs: { keepdims: true } }));
  }
  out.push(opCase("sum.int", "sum", [draws("sum.int").ints([3, 4], -9, 9)], { attrs: { axis: 1 } }));
  const d = draws("argmax");
  out.push(opCase("argmax.last", "argmax", [d.normal([3, 5])]));
  out.push(opCase("argmax.axis0", "argmax", [d.normal([4, 3, 2])], { attrs: { axis: 0 } }));
  out.push(opCase("argmax.int", "argmax", [d.ints([3, 6], 0, 1000)], { attrs: { axis: 1 } }));
  return out;
}

function runningSums(): OpCase[] {
  const d = draws("cumsum");
  return [
    opCase("cumsum.last", "cumsum", [d.normal([2, 3, 4])], { ...ew, attrs: { axis: -1 } }),
    opCase("cumsum.middle", "cumsum", [d.normal([2, 3, 4])], { ...ew, attrs: { axis: 1 } }),
    opCase("cumsum.int", "cumsum", [hostOf("i32", [2, 4], [1, 0, 1, 1, 0, 0, 1, 0])], { ...ew, attrs: { axis: 1 } }),
  ];
}

function normalisations(): OpCase[] {
  const d = draws("norms");
  const x = (): HostTensor => d.normal([2, 3, 8], 2, 0.5);
  return [
    opCase("softmax.last", "softmax", [d.normal([3, 7], 3)]),
    opCase("softmax.axis0", "softmax", [d.normal([4, 2, 3], 3)], { attrs: { axis: 0 } }),
    opCase("log_softmax.last", "log_softmax", [d.normal([3, 7], 3)]),
    opCase("log_softmax.axis1", "log_softmax", [d.normal([2, 5, 3], 3)], { attrs: { axis: 1 } }),
    opCase("layer_norm.affine", "layer_norm", [x(), d.normal([8], 0.3, 1), d.normal([8], 0.3)], { attrs: { eps: 1e-5 } }),
    opCase("layer_norm.bert_eps", "layer_norm", [x(), d.normal([8], 0.3, 1), d.normal([8], 0.3)], { attrs: { eps: 1e-12 } }),
    opCase("layer_norm.plain", "layer_norm", [x()], { attrs: { eps: 1e-6 } }),
    opCase("layer_norm.bias_only", "layer_norm", [x(), undefined, d.normal([8], 0.3)]),
    opCase("rms_norm.weight", "rms_norm", [x(), d.normal([8], 0.3, 1)], { attrs: { eps: 1e-6 } }),
    opCase("rms_norm.plain", "rms_norm", [x()]),
    opCase("l2_normalize.last", "l2_normalize", [d.normal([4, 6])]),
    opCase("l2_normalize.axis0", "l2_normalize", [d.normal([5, 3])], { attrs: { axis: 0 } }),
    opCase("l2_normalize.zero_row", "l2_normalize", [hostOf("f32", [2, 3], [0, 0, 0, 1, -2, 0.5])]),
  ];
}

function trainingOnly(): OpCase[] {
  const d = draws("dropout");
  return [
    opCase("dropout.eval", "dropout", [d.normal([3, 4])], { ...ew, attrs: { p: 0.3 } }),
    opCase("dropout.train", "dropout", [d.normal([4, 8])], { ...ew, attrs: { p: 0.3 }, training: true, draws: kept }),
    opCase("drop_path.eval", "drop_path", [d.normal([4, 3, 2])], { ...ew, attrs: { p: 0.5 } }),
    opCase("drop_path.train", "drop_path", [d.normal([6, 3, 2])], { ...ew, attrs: { p: 0.5 }, training: true, draws: keptSamples }),
  ];
}

export function elementwiseCases(): OpCase[] {
  return [...binaries(), ...comparisons(), ...unaries(), ...reductions(), ...runningSums(), ...normalisations(), ...trainingOnly()];
}

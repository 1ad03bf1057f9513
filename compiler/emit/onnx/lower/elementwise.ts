// Elementwise ops, activations, normalisations and reductions (compiler/ir/ops/elementwise.ts),
// each computing what its tfjs kernel does (runtime/kernels/elementwise/). GELU and LayerNorm
// take the opset's fused forms where it has them (Gelu from 20, LayerNormalization from 17,
// RMSNormalization from 23), the decomposed forms otherwise.
import { attr } from "../builder.js";
import { constTypeOf, elemOf } from "../types.js";
import { axisOf, type Lower, type Lowering } from "./context.js";
import { allAxes, reduce } from "./reduce.js";

const same = (opType: string): Lowering => (c) => c.result(opType, c.all());

/** Integer division rounds toward −∞ in the IR (Python's //); ONNX's Div truncates. */
const div: Lowering = (c) => {
  const [a, b] = [c.in(0), c.in(1)];
  if (c.node.type.dtype === "f32") return c.result("Div", [a, b]);
  return c.result("Div", [c.op("Sub", [a, c.op("Mod", [a, b])]), b]);
};

/**
 * a % b with the sign of b. ONNX's Mod has these floor semantics for integers (fmod = 0) but
 * refuses floats without fmod = 1 (C's truncating fmod), so floats spell out a − floor(a / b)·b.
 */
const remainder: Lowering = (c) => {
  const [a, b] = [c.in(0), c.in(1)];
  if (c.node.type.dtype !== "f32") return c.result("Mod", [a, b], { fmod: attr.int(0) });
  return c.result("Sub", [a, c.op("Mul", [c.op("Floor", [c.op("Div", [a, b])]), b])]);
};

const cumsum: Lowering = (c) => c.result("CumSum", [c.in(0), c.g.scalar("i64", axisOf(c.node.attrs["axis"], c.type(0).shape.length))]);

const sqrtHalf = Math.SQRT1_2;

const gelu: Lowering = (c) => {
  const x = c.in(0);
  if (c.opset >= 20) return c.result("Gelu", [x]);
  const erf = c.op("Erf", [c.op("Mul", [x, c.g.scalar("f32", sqrtHalf)])]);
  return c.result("Mul", [c.op("Mul", [x, c.g.scalar("f32", 0.5)]), c.op("Add", [erf, c.g.scalar("f32", 1)])]);
};

const geluTanh: Lowering = (c) => {
  const x = c.in(0);
  if (c.opset >= 20) return c.result("Gelu", [x], { approximate: attr.string("tanh") });
  const cube = c.op("Mul", [c.op("Mul", [x, x]), x]);
  const inner = c.op("Mul", [c.op("Add", [x, c.op("Mul", [cube, c.g.scalar("f32", 0.044715)])]), c.g.scalar("f32", Math.sqrt(2 / Math.PI))]);
  return c.result("Mul", [c.op("Mul", [x, c.g.scalar("f32", 0.5)]), c.op("Add", [c.op("Tanh", [inner]), c.g.scalar("f32", 1)])]);
};

/** x·σ(k·x): ONNX Runtime fuses the k = 1.702 pattern into its QuickGelu kernel. */
const sigmoidGate = (k: number): Lowering => (c) => {
  const x = c.in(0);
  const scaled = k === 1 ? x : c.op("Mul", [x, c.g.scalar("f32", k)]);
  return c.result("Mul", [x, c.op("Sigmoid", [scaled])]);
};

const cast: Lowering = (c) => {
  if (c.type(0).dtype === c.node.type.dtype) return c.in(0);
  // ONNX casts to bool as "nonzero" and float to integer toward zero, as the runtime does.
  return c.result("Cast", [c.in(0)], { to: attr.int(elemOf(c.node.type.dtype)) });
};

const clamp: Lowering = (c) => {
  const x = c.in(0);
  const min = c.node.attrs["min"] as number | null;
  const max = c.node.attrs["max"] as number | null;
  if (c.node.type.dtype === "f32") {
    if (min !== null && max !== null && min > max) return c.result("Add", [c.op("Mul", [x, c.g.scalar("f32", 0)]), c.g.scalar("f32", max)]);
    const bounds = [min === null ? "" : c.g.scalar("f32", min), max === null ? "" : c.g.scalar("f32", max)];
    while (bounds.length && bounds[bounds.length - 1] === "") bounds.pop();
    return c.result("Clip", [x, ...bounds]);
  }
  // Integers: a fractional bound means the nearest integer inside it.
  const t = constTypeOf(c.node.type.dtype);
  let y = x;
  if (min !== null) y = max === null ? c.result("Max", [y, c.g.scalar(t, Math.ceil(min))]) : c.op("Max", [y, c.g.scalar(t, Math.ceil(min))]);
  if (max !== null) y = c.result("Min", [y, c.g.scalar(t, Math.floor(max))]);
  return y;
};

const reduction = (op: "ReduceSum" | "ReduceMean" | "ReduceMax"): Lowering => (c) => {
  const rank = c.type(0).shape.length;
  const a = c.node.attrs["axis"];
  const axes = a === null || a === undefined ? allAxes(rank) : [axisOf(a, rank)];
  return reduce(c, op, c.in(0), axes, c.node.attrs["keepdims"] === true, true);
};

const argmax: Lowering = (c) => {
  const rank = c.type(0).shape.length;
  const a = c.node.attrs["axis"];
  const x = a === null || a === undefined ? c.op("Reshape", [c.in(0), c.g.int64s([-1])]) : c.in(0);
  const axis = a === null || a === undefined ? 0 : axisOf(a, rank);
  const index = c.op("ArgMax", [x], { axis: attr.int(axis), keepdims: attr.int(0) });
  return c.result("Cast", [index], { to: attr.int(elemOf(c.node.type.dtype)) });
};

const softmax = (opType: string): Lowering => (c) => c.result(opType, [c.in(0)], { axis: attr.int(axisOf(c.node.attrs["axis"], c.type(0).shape.length)) });

/** Ones of the last axis's size (a normalisation without weight), or undefined when that size is symbolic. */
function unitScale(c: Lower): string | undefined {
  const shape = c.type(0).shape;
  const last = shape[shape.length - 1]!.value;
  return last === undefined ? undefined : c.g.constant("f32", [last], new Array<number>(last).fill(1));
}

const layerNorm: Lowering = (c) => {
  const x = c.in(0);
  const eps = Number(c.node.attrs["eps"]);
  const [weight, bias] = [c.maybe(1), c.maybe(2)];
  const scale = weight ?? unitScale(c);
  if (c.opset >= 17 && scale !== undefined) return c.result("LayerNormalization", bias ? [x, scale, bias] : [x, scale], { axis: attr.int(-1), epsilon: attr.float(eps) });
  const centred = c.op("Sub", [x, reduce(c, "ReduceMean", x, [-1], true)]);
  const variance = reduce(c, "ReduceMean", c.op("Mul", [centred, centred]), [-1], true);
  let y = c.op("Div", [centred, c.op("Sqrt", [c.op("Add", [variance, c.g.scalar("f32", eps)])])]);
  if (weight) y = c.op("Mul", [y, weight]);
  if (bias) y = c.op("Add", [y, bias]);
  return c.result("Identity", [y]);
};

const rmsNorm: Lowering = (c) => {
  const x = c.in(0);
  const eps = Number(c.node.attrs["eps"]);
  const weight = c.maybe(1);
  const scale = weight ?? unitScale(c);
  if (c.opset >= 23 && scale !== undefined) return c.result("RMSNormalization", [x, scale], { axis: attr.int(-1), epsilon: attr.float(eps) });
  const meanSquare = reduce(c, "ReduceMean", c.op("Mul", [x, x]), [-1], true);
  const y = c.op("Div", [x, c.op("Sqrt", [c.op("Add", [meanSquare, c.g.scalar("f32", eps)])])]);
  return weight ? c.result("Mul", [y, weight]) : c.result("Identity", [y]);
};

/** x / max(‖x‖, eps), written as x / √max(Σx², eps²). */
const l2Normalize: Lowering = (c) => {
  const x = c.in(0);
  const axis = axisOf(c.node.attrs["axis"], c.type(0).shape.length);
  const eps = Number(c.node.attrs["eps"]);
  const squares = reduce(c, "ReduceSum", c.op("Mul", [x, x]), [axis], true);
  return c.result("Div", [x, c.op("Sqrt", [c.op("Max", [squares, c.g.scalar("f32", eps * eps)])])]);
};

const identity: Lowering = (c) => c.in(0);

export const elementwiseLowerings: Readonly<Record<string, Lowering>> = {
  add: same("Add"),
  sub: same("Sub"),
  mul: same("Mul"),
  div,
  pow: same("Pow"),
  remainder,
  maximum: same("Max"),
  minimum: same("Min"),
  eq: same("Equal"),
  ne: (c) => c.result("Not", [c.op("Equal", c.all())]),
  lt: same("Less"),
  le: same("LessOrEqual"),
  gt: same("Greater"),
  ge: same("GreaterOrEqual"),
  logical_and: same("And"),
  logical_or: same("Or"),
  neg: same("Neg"),
  logical_not: same("Not"),
  exp: same("Exp"),
  log: same("Log"),
  sqrt: same("Sqrt"),
  abs: same("Abs"),
  tanh: same("Tanh"),
  sin: same("Sin"),
  cos: same("Cos"),
  sigmoid: same("Sigmoid"),
  relu: same("Relu"),
  gelu,
  gelu_tanh: geluTanh,
  quick_gelu: sigmoidGate(1.702),
  silu: sigmoidGate(1),
  cast,
  clamp,
  where: same("Where"),
  sum: reduction("ReduceSum"),
  mean: reduction("ReduceMean"),
  amax: reduction("ReduceMax"),
  argmax,
  cumsum,
  softmax: softmax("Softmax"),
  log_softmax: softmax("LogSoftmax"),
  layer_norm: layerNorm,
  rms_norm: rmsNorm,
  l2_normalize: l2Normalize,
  // Eval mode: dropout and drop-path are the identity, and a graph has no gradients to stop.
  dropout: identity,
  drop_path: identity,
  stop_gradient: identity,
};

// Elementwise ops (NumPy broadcasting), activations, reductions and normalisations.
// FLOPs: 1 per output element for elementwise ops and activations; normalisations and softmax
// count a few per element, as stated on each op.
import { Dim, numel } from "../../shapes/dim.js";
import { isFloat, type DType, type TensorType } from "../types.js";
import {
  attrNum,
  axis,
  broadcast,
  expectDim,
  expectDtype,
  req,
  sameDtype,
  ShapeFault,
  type FlopRule,
  type OpDef,
} from "./def.js";

const perElement =
  (k: number): FlopRule =>
  (_ins, _attrs, out) =>
    numel(out.shape).mul(Dim.of(k));

const perInputElement =
  (k: number): FlopRule =>
  (ins) =>
    numel(req(ins, 0).shape).mul(Dim.of(k));

function binary(name: string, doc: string, result: "same" | "bool", accepts: (d: DType) => boolean, accepted: string): OpDef {
  return {
    name,
    doc,
    inputs: [{ name: "a" }, { name: "b" }],
    attrs: [],
    shape: (ins) => {
      const a = req(ins, 0);
      const b = req(ins, 1);
      sameDtype(a, b, name, [0, 1]);
      expectDtype(a, accepts, `${name} operands`, 0, accepted);
      return { dtype: result === "bool" ? "bool" : a.dtype, shape: broadcast(a.shape, b.shape, name) };
    },
    flops: perElement(1),
  };
}

const numeric = (d: DType): boolean => d !== "bool";
const anyDtype = (): boolean => true;
const boolOnly = (d: DType): boolean => d === "bool";

function unary(name: string, doc: string, accepts: (d: DType) => boolean = isFloat, accepted = "a float tensor", flopsPer = 1): OpDef {
  return {
    name,
    doc,
    inputs: [{ name: "x" }],
    attrs: [],
    shape: (ins) => {
      const x = req(ins, 0);
      expectDtype(x, accepts, `${name} input`, 0, accepted);
      return x;
    },
    flops: perElement(flopsPer),
  };
}

function reduceShape(x: TensorType, attrs: Readonly<Record<string, unknown>>, dtype: DType): TensorType {
  const ax = attrs["axis"];
  const keep = attrs["keepdims"] === true;
  if (ax === null || ax === undefined) return { dtype, shape: keep ? x.shape.map(() => Dim.of(1)) : [] };
  const a = axis(x.shape.length, ax as number);
  const shape = keep ? x.shape.map((d, i) => (i === a ? Dim.of(1) : d)) : x.shape.filter((_, i) => i !== a);
  return { dtype, shape };
}

function reduction(name: string, doc: string): OpDef {
  return {
    name,
    doc,
    inputs: [{ name: "x" }],
    attrs: [
      { name: "axis", kind: "axis", default: null },
      { name: "keepdims", kind: "bool", default: false },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, numeric, `${name} input`, 0, "numeric");
      return reduceShape(x, attrs, x.dtype);
    },
    flops: perInputElement(1),
  };
}

function normalizeOverLast(name: string, doc: string, withBias: boolean, flopsPer: number): OpDef {
  return {
    name,
    doc,
    inputs: withBias ? [{ name: "x" }, { name: "weight", optional: true }, { name: "bias", optional: true }] : [{ name: "x" }, { name: "weight", optional: true }],
    attrs: [{ name: "eps", kind: "float", default: 1e-5 }],
    shape: (ins) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, `${name} input`, 0, "a float tensor");
      if (x.shape.length === 0) throw new ShapeFault("rank", `${name} needs at least one axis`, [0]);
      const d = x.shape[x.shape.length - 1]!;
      for (const i of withBias ? [1, 2] : [1]) {
        const p = ins[i];
        if (!p) continue;
        if (p.shape.length !== 1) throw new ShapeFault("rank", `${name}: affine parameters must have rank 1`, [i]);
        expectDim(p.shape[0]!, d, () => `${name}: normalised width is ${d} but the affine parameter has ${p.shape[0]}`, [0, i]);
      }
      return x;
    },
    flops: perElement(flopsPer),
  };
}

export const elementwiseOps: OpDef[] = [
  binary("add", "a + b", "same", numeric, "numeric"),
  binary("sub", "a - b", "same", numeric, "numeric"),
  binary("mul", "a * b", "same", numeric, "numeric"),
  binary("div", "a / b", "same", numeric, "numeric"),
  binary("pow", "a ^ b", "same", numeric, "numeric"),
  binary("maximum", "elementwise max", "same", numeric, "numeric"),
  binary("minimum", "elementwise min", "same", numeric, "numeric"),
  binary("eq", "a == b", "bool", anyDtype, "any"),
  binary("ne", "a != b", "bool", anyDtype, "any"),
  binary("lt", "a < b", "bool", numeric, "numeric"),
  binary("le", "a <= b", "bool", numeric, "numeric"),
  binary("gt", "a > b", "bool", numeric, "numeric"),
  binary("ge", "a >= b", "bool", numeric, "numeric"),
  binary(
    "remainder",
    "a % b with the sign of b (Python's and torch.remainder's floor semantics: a − floor(a / b)·b), for integers and floats; " +
      "an integer remainder by 0 is undefined",
    "same",
    numeric,
    "numeric",
  ),
  binary("logical_and", "a and b (masks: both allow)", "same", boolOnly, "bool"),
  binary("logical_or", "a or b", "same", boolOnly, "bool"),
  unary("neg", "-x", numeric, "numeric"),
  unary("logical_not", "not x", boolOnly, "bool"),
  unary("exp", "e^x"),
  unary("log", "natural log"),
  unary("sqrt", "square root"),
  unary("abs", "|x|", numeric, "numeric"),
  unary("tanh", "tanh"),
  unary("sin", "sine (radians); rotary position embeddings"),
  unary("cos", "cosine (radians); rotary position embeddings"),
  unary("sigmoid", "1 / (1 + e^-x)"),
  unary("relu", "max(x, 0)"),
  unary("gelu", "GELU, exact erf form (BERT, ViT)"),
  unary("gelu_tanh", "GELU, tanh approximation"),
  unary("quick_gelu", "x * sigmoid(1.702 x) (CLIP)"),
  unary("silu", "x * sigmoid(x)"),
  {
    name: "cast",
    doc: "Converts to another dtype.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "dtype", kind: "dtype" }],
    shape: (ins, attrs) => ({ dtype: attrs["dtype"] as DType, shape: req(ins, 0).shape }),
    flops: perElement(0),
  },
  {
    name: "clamp",
    doc: "Clamps x to [min, max]; either bound may be absent (CLIP's logit scale, ALBEF's temperature).",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "min", kind: "number?", default: null },
      { name: "max", kind: "number?", default: null },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, numeric, "clamp input", 0, "numeric");
      if (attrs["min"] === null && attrs["max"] === null) throw new ShapeFault("attr", "clamp needs min or max");
      return x;
    },
    flops: perElement(1),
  },
  {
    name: "where",
    doc: "cond ? a : b, broadcasting all three.",
    inputs: [{ name: "cond" }, { name: "a" }, { name: "b" }],
    attrs: [],
    shape: (ins) => {
      const c = req(ins, 0);
      const a = req(ins, 1);
      const b = req(ins, 2);
      expectDtype(c, boolOnly, "where condition", 0, "bool");
      sameDtype(a, b, "where branches", [1, 2]);
      return { dtype: a.dtype, shape: broadcast(broadcast(c.shape, a.shape, "where", [0, 1]), b.shape, "where", [1, 2]) };
    },
    flops: perElement(1),
  },
  reduction("sum", "Sum over an axis (or all)."),
  reduction("mean", "Mean over an axis (or all)."),
  reduction("amax", "Max over an axis (or all)."),
  {
    name: "cumsum",
    doc: "Running sum along an axis (torch.cumsum): out[..., i, ...] = x[..., 0, ...] + … + x[..., i, ...]; same shape and dtype.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, numeric, "cumsum input", 0, "numeric");
      if (x.shape.length === 0) throw new ShapeFault("rank", "cumsum needs a tensor with at least one axis, not a scalar", [0]);
      axis(x.shape.length, attrNum(attrs, "axis"), "cumsum axis");
      return x;
    },
    flops: perElement(1),
  },
  {
    name: "argmax",
    doc: "Index of the largest value along an axis (CLIP finds the EOT token this way).",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis", default: -1 }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, numeric, "argmax input", 0, "numeric");
      return reduceShape(x, attrs, "i32");
    },
    flops: perInputElement(1),
    blocksGradient: true,
  },
  {
    name: "softmax",
    doc: "Softmax along an axis; 3 FLOPs per element (exp, sum, divide).",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis", default: -1 }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, "softmax input", 0, "a float tensor");
      axis(x.shape.length, attrNum(attrs, "axis"));
      return x;
    },
    flops: perElement(3),
  },
  {
    name: "log_softmax",
    doc: "Log-softmax along an axis; 3 FLOPs per element.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis", default: -1 }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, "log_softmax input", 0, "a float tensor");
      axis(x.shape.length, attrNum(attrs, "axis"));
      return x;
    },
    flops: perElement(3),
  },
  normalizeOverLast("layer_norm", "LayerNorm over the last axis with optional affine weight and bias; 5 FLOPs per element.", true, 5),
  normalizeOverLast("rms_norm", "RMSNorm over the last axis with optional weight; 4 FLOPs per element.", false, 4),
  {
    name: "l2_normalize",
    doc: "x / ||x|| along an axis; 3 FLOPs per element.",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "axis", kind: "axis", default: -1 },
      { name: "eps", kind: "float", default: 1e-12 },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, "l2_normalize input", 0, "a float tensor");
      axis(x.shape.length, attrNum(attrs, "axis"));
      return x;
    },
    flops: perElement(3),
  },
  {
    name: "dropout",
    doc:
      "Training only: zeroes each element with probability p and scales the rest by 1/(1 − p); the identity in eval. No FLOPs. " +
      "With p = 0 it is the identity and adds no node.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "p", kind: "float" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, "dropout input", 0, "a float tensor");
      const p = attrNum(attrs, "p");
      if (!(p >= 0 && p < 1)) throw new ShapeFault("attr", `dropout probability must be in [0, 1), not ${p}`);
      return x;
    },
    flops: perElement(0),
    random: true,
    identityAtZero: "p",
  },
  {
    name: "drop_path",
    doc:
      "Stochastic depth, training only: zeroes a whole sample (axis 0) of a residual branch with probability p and scales the " +
      "kept ones by 1/(1 − p); the identity in eval. No FLOPs. With p = 0 it is the identity and adds no node.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "p", kind: "float" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, isFloat, "drop_path input", 0, "a float tensor");
      if (x.shape.length === 0) throw new ShapeFault("rank", "drop_path needs a batch axis", [0]);
      const p = attrNum(attrs, "p");
      if (!(p >= 0 && p < 1)) throw new ShapeFault("attr", `drop_path probability must be in [0, 1), not ${p}`);
      return x;
    },
    flops: perElement(0),
    random: true,
    identityAtZero: "p",
  },
  {
    name: "stop_gradient",
    doc: "Identity whose gradient is zero (momentum targets, distillation).",
    inputs: [{ name: "x" }],
    attrs: [],
    shape: (ins) => req(ins, 0),
    flops: perElement(0),
    blocksGradient: true,
  },
];


// Elementwise kernels against float64 JavaScript references: values, broadcasting, dtypes, and
// gradients by central differences; PyTorch's choices at the edges (ties, kinks, zero norms);
// dropout statistics and reproducibility. A few run again on the wasm backend at the end.
import { beforeAll, describe, expect, it } from "vitest";
import { backend, runKernel, tf, values } from "./harness.js";
import { checkOp, expectClose, map, nd, reduce, alongAxis, seeded, tensor, zipWith, type Nd } from "./reference.js";

const f32 = (shape: number[], data: number[]) => tf.tensor(data, shape, "float32");
const i32 = (shape: number[], data: number[]) => tf.tensor(data, shape, "int32");
const bool = (shape: number[], data: boolean[]) => tf.tensor(data, shape, "bool");

/** erf by its Taylor series: float64-exact enough for |x| ≤ 4. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const softmaxOf = (v: number[]) => {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

const A = seeded([2, 3], "a");
const B = seeded([3], "b");

beforeAll(() => backend("cpu"));

describe("binary arithmetic", () => {
  const cases: [string, (a: number, b: number) => number][] = [
    ["add", (a, b) => a + b],
    ["sub", (a, b) => a - b],
    ["mul", (a, b) => a * b],
    ["div", (a, b) => a / b],
  ];
  for (const [op, f] of cases) {
    it(`${op}: broadcasts [2, 3] with [3], gradient summed back to each operand`, () => {
      checkOp(op, [A, B], {}, (a, b) => zipWith([a!, b!], f));
    });
  }
  it("add/sub/mul keep int32", () => {
    expect(values(runKernel("add", [i32([2], [1, 2]), i32([1], [5])]))).toEqual([6, 7]);
    expect(runKernel("mul", [i32([2], [3, -2]), i32([2], [4, 4])]).dtype).toBe("int32");
  });
  it("div: integers floor-divide (toward −∞, like Python's //)", () => {
    expect(values(runKernel("div", [i32([4], [-7, 7, -6, 5]), i32([4], [2, 2, 3, -2])]))).toEqual([-4, 3, -2, -3]);
  });
});

describe("pow", () => {
  it("matches a^b with gradients for base and exponent", () => {
    const base = seeded([2, 3], "base", 0.5, 2);
    checkOp("pow", [base, seeded([3], "exp", -1, 2)], {}, (a, b) => zipWith([a!, b!], Math.pow));
  });
  it("follows PyTorch at the edges: d/da = 0 where b = 0, d/db = 0 at a = 0", () => {
    const [da, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(runKernel("pow", [a, b])))([f32([3], [0, 2, 0]), f32([3], [0, 0, 2])]);
    expect(values(da!)).toEqual([0, 0, 0]);
    expect(values(db!)).toEqual([0, Math.fround(Math.log(2)), 0]);
  });
  it("keeps int32", () => {
    expect(values(runKernel("pow", [i32([2], [2, 3]), i32([2], [3, 2])]))).toEqual([8, 9]);
  });
});

describe("maximum / minimum", () => {
  it("maximum: values and gradient, broadcasting", () => checkOp("maximum", [A, B], {}, (a, b) => zipWith([a!, b!], Math.max)));
  it("minimum: values and gradient, broadcasting", () => checkOp("minimum", [A, B], {}, (a, b) => zipWith([a!, b!], Math.min)));
  it("a tie splits the gradient equally (PyTorch)", () => {
    for (const op of ["maximum", "minimum"]) {
      const [da, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(runKernel(op, [a, b])))([f32([2], [1, 2]), f32([2], [1, 3])]);
      expect([...values(da!), ...values(db!)]).toEqual(op === "maximum" ? [0.5, 0, 0.5, 1] : [0.5, 1, 0.5, 0]);
    }
  });
  it("integers", () => expect(values(runKernel("maximum", [i32([3], [1, 5, -2]), i32([1], [0])]))).toEqual([1, 5, 0]));
});

describe("comparisons and logic", () => {
  const cases: [string, number[]][] = [
    ["eq", [0, 1, 0, 0]],
    ["ne", [1, 0, 1, 1]],
    ["lt", [1, 0, 0, 0]],
    ["le", [1, 1, 0, 0]],
    ["gt", [0, 0, 1, 1]],
    ["ge", [0, 1, 1, 1]],
  ];
  for (const [op, expected] of cases) {
    it(`${op} gives bool, broadcasting`, () => {
      const out = runKernel(op, [f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 2])]);
      expect(out.dtype).toBe("bool");
      expect(values(out)).toEqual(expected);
      expect(values(runKernel(op, [i32([2], [1, 2]), i32([1], [2])]))).toEqual(expected.slice(0, 2));
    });
  }
  it("eq / ne on bool", () => expect(values(runKernel("eq", [bool([2], [true, false]), bool([2], [true, true])]))).toEqual([1, 0]));
  it("logical_and / logical_or broadcast, logical_not", () => {
    const m = bool([2, 2], [true, false, true, true]);
    const r = bool([2], [true, false]);
    expect(values(runKernel("logical_and", [m, r]))).toEqual([1, 0, 1, 0]);
    expect(values(runKernel("logical_or", [m, r]))).toEqual([1, 0, 1, 1]);
    expect(values(runKernel("logical_not", [m]))).toEqual([0, 1, 0, 0]);
  });
});

describe("unary functions", () => {
  const X = seeded([2, 4], "x", -3, 3);
  const positive = seeded([2, 4], "pos", 0.2, 3);
  const cases: [string, Nd, (v: number) => number][] = [
    ["neg", X, (v) => -v],
    ["exp", X, Math.exp],
    ["log", positive, Math.log],
    ["sqrt", positive, Math.sqrt],
    ["abs", X, Math.abs],
    ["tanh", X, Math.tanh],
    ["sigmoid", X, sigmoid],
    ["relu", X, (v) => Math.max(v, 0)],
    ["gelu", X, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    ["gelu_tanh", X, (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    ["quick_gelu", X, (v) => v * sigmoid(1.702 * v)],
    ["silu", X, (v) => v * sigmoid(v)],
  ];
  for (const [op, input, f] of cases) {
    it(`${op}: value and gradient`, () => checkOp(op, [input], {}, (x) => map(x!, f)));
  }
  it("gelu is the exact erf form, not the tanh approximation", () => {
    // PyTorch (float64): F.gelu(-3) = -0.0040496941; with approximate="tanh" it is -0.0036373921.
    // (tfjs-cpu's erf is a 1.5e-7 approximation, hence 6 digits.)
    expect(values(runKernel("gelu", [f32([1], [-3])]))[0]).toBeCloseTo(-0.0040496941, 6);
  });
  it("abs and relu have gradient 0 at 0, as PyTorch", () => {
    for (const op of ["abs", "relu"]) {
      expect(values(tf.grad((x: tf.Tensor) => tf.sum(runKernel(op, [x])))(f32([3], [0, -1, 2])))).toEqual(op === "abs" ? [0, -1, 1] : [0, 0, 1]);
    }
  });
  it("neg and abs keep int32", () => {
    expect(values(runKernel("neg", [i32([2], [1, -2])]))).toEqual([-1, 2]);
    expect(values(runKernel("abs", [i32([2], [1, -2])]))).toEqual([1, 2]);
  });
});

describe("cast", () => {
  it("float → int truncates toward zero (PyTorch)", () => {
    const out = runKernel("cast", [f32([4], [-1.7, 1.7, 2.5, -0.5])], { dtype: "i32" });
    expect([out.dtype, ...values(out)]).toEqual(["int32", -1, 1, 2, 0]);
  });
  it("→ bool is nonzero; bool and int → float", () => {
    expect(values(runKernel("cast", [f32([3], [0, -0.5, 2])], { dtype: "bool" }))).toEqual([0, 1, 1]);
    expect(values(runKernel("cast", [bool([2], [true, false])], { dtype: "f32" }))).toEqual([1, 0]);
    expect(runKernel("cast", [i32([1], [3])], { dtype: "f32" }).dtype).toBe("float32");
  });
  it("to the dtype the tensor already has returns it (f16 is held as float32)", () => {
    const x = f32([1], [1]);
    expect(runKernel("cast", [x], { dtype: "f16" })).toBe(x);
  });
});

describe("clamp", () => {
  const X = nd([6], [-2.5, -1, -0.3, 0.4, 1, 2.2]);
  it("both bounds: value, gradient 1 inside and on the bounds, 0 outside", () => {
    checkOp("clamp", [seeded([2, 3], "c", -2, 2)], { min: -1, max: 1 }, (x) => map(x!, (v) => Math.min(Math.max(v, -1), 1)));
    const g = tf.grad((x: tf.Tensor) => tf.sum(runKernel("clamp", [x], { min: -1, max: 1 })))(tensor(X));
    expect(values(g)).toEqual([0, 1, 1, 1, 1, 0]);
  });
  it("either bound alone", () => {
    expect(values(runKernel("clamp", [tensor(X)], { min: 0 }))).toEqual([0, 0, 0, 0.4, 1, 2.2].map(Math.fround));
    expect(values(runKernel("clamp", [tensor(X)], { max: 0 }))).toEqual([-2.5, -1, -0.3, 0, 0, 0].map(Math.fround));
    expect(values(tf.grad((x: tf.Tensor) => tf.sum(runKernel("clamp", [x], { max: 0 })))(tensor(X)))).toEqual([1, 1, 1, 0, 0, 0]);
  });
  it("min > max gives max everywhere with a zero gradient (PyTorch)", () => {
    for (const x of [tensor(X), tf.tensor([-3, 0, 9], [3], "int32")]) {
      expect(new Set(values(runKernel("clamp", [x], { min: 2, max: 1 })))).toEqual(new Set([1]));
    }
    expect(values(tf.grad((x: tf.Tensor) => tf.sum(runKernel("clamp", [x], { min: 2, max: 1 })))(tensor(X)))).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it("integers, with fractional bounds meaning the integers inside them", () => {
    const out = runKernel("clamp", [i32([5], [-3, 0, 1, 2, 9])], { min: 0.5, max: 2.5 });
    expect([out.dtype, ...values(out)]).toEqual(["int32", 1, 1, 1, 2, 2]);
  });
});

describe("where", () => {
  const condNd = nd([2, 1], [1, 0]);
  it("broadcasts all three operands; each branch's gradient is summed back to its shape", () => {
    checkOp("where", [tensor(condNd, "bool"), seeded([1, 3], "wa"), seeded([3], "wb")], {}, (a, b) => zipWith([condNd, a!, b!], (c, x, y) => (c ? x : y)));
  });
  it("broadcasts at rank 5 (where tfjs's own broadcast gradient stops at rank 4)", () => {
    const c5 = nd([1, 2, 1, 1, 3], [1, 0, 1, 0, 0, 1]);
    checkOp("where", [tensor(c5, "bool"), seeded([2, 1, 1, 1, 1], "w5"), seeded([1], "w1")], {}, (a, b) => zipWith([c5, a!, b!], (c, x, y) => (c ? x : y)));
  });
  it("selects integers and bools", () => {
    const cond = tensor(condNd, "bool");
    expect(values(runKernel("where", [cond, i32([2], [1, 2]), i32([1], [-100])]))).toEqual([1, 2, -100, -100]);
    expect(values(runKernel("where", [cond, bool([1], [true]), bool([1], [false])]))).toEqual([1, 0]);
  });
});

describe("sum / mean / amax", () => {
  const X = seeded([2, 3, 2], "r");
  const fns: [string, (v: number[]) => number][] = [
    ["sum", (v) => v.reduce((a, b) => a + b, 0)],
    ["mean", mean],
    ["amax", (v) => Math.max(...v)],
  ];
  for (const [op, f] of fns) {
    it(`${op}: over one axis, all axes, keepdims; gradient`, () => {
      checkOp(op, [X], { axis: 1 }, (x) => reduce(x!, 1, false, f));
      checkOp(op, [X], { axis: -1, keepdims: true }, (x) => reduce(x!, 2, true, f));
      checkOp(op, [X], {}, (x) => reduce(x!, null, false, f));
      checkOp(op, [X], { keepdims: true }, (x) => reduce(x!, null, true, f));
    });
  }
  it("integers: sum and amax exact, mean floors", () => {
    const x = i32([2, 2], [-1, -2, 4, 7]);
    expect(values(runKernel("sum", [x], { axis: 1 }))).toEqual([-3, 11]);
    expect(values(runKernel("amax", [x]))).toEqual([7]);
    const m = runKernel("mean", [x], { axis: 1 });
    expect([m.dtype, ...values(m)]).toEqual(["int32", -2, 5]);
  });
  it("amax shares the gradient among ties (PyTorch)", () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(runKernel("amax", [x], { axis: 1 })))(f32([2, 3], [1, 3, 3, 2, 0, -1]));
    expect(values(g)).toEqual([0, 0.5, 0.5, 1, 0, 0]);
  });
});

describe("argmax", () => {
  it("int32 index along an axis, first on ties", () => {
    const out = runKernel("argmax", [f32([2, 4], [1, 3, 3, 2, 5, 5, 0, 5])]);
    expect([out.dtype, ...values(out)]).toEqual(["int32", 1, 0]);
    expect(values(runKernel("argmax", [f32([2, 2], [1, 4, 3, 2])], { axis: 0 }))).toEqual([1, 0]);
  });
  it("axis null indexes the flattened tensor; integers work (EOT = highest id)", () => {
    expect(values(runKernel("argmax", [f32([2, 2], [1, 4, 9, 2])], { axis: null }))).toEqual([2]);
    expect(values(runKernel("argmax", [i32([2, 3], [5, 49407, 0, 49407, 3, 2])]))).toEqual([1, 0]);
  });
});

describe("softmax / log_softmax", () => {
  const X = seeded([3, 4], "s", -3, 3);
  const X3 = seeded([2, 3, 2], "s3", -3, 3);
  for (const [op, f] of [
    ["softmax", softmaxOf],
    ["log_softmax", (v: number[]) => softmaxOf(v).map(Math.log)],
  ] as const) {
    it(`${op} along the last axis, axis 0 and a middle axis; gradient`, () => {
      checkOp(op, [X], {}, (x) => alongAxis(x!, 1, f));
      checkOp(op, [X], { axis: 0 }, (x) => alongAxis(x!, 0, f));
      checkOp(op, [X3], { axis: 1 }, (x) => alongAxis(x!, 1, f));
    });
    it(`${op} is stable for large logits on any axis`, () => {
      const big = nd([2, 2], [1000, 0, 1001, 2]);
      for (const axis of [0, 1]) expectClose(runKernel(op, [tensor(big)], { axis }), alongAxis(big, axis, f));
    });
  }
});

describe("layer_norm / rms_norm / l2_normalize", () => {
  const X = seeded([2, 5], "n");
  const W = seeded([5], "nw", 0.5, 1.5);
  const Bias = seeded([5], "nb");
  const layerNorm = (eps: number) => (v: number[]) => {
    const m = mean(v);
    const variance = mean(v.map((x) => (x - m) ** 2));
    return v.map((x) => (x - m) / Math.sqrt(variance + eps));
  };
  const affine = (x: Nd, w?: Nd, b?: Nd) => zipWith([x, w ?? nd([1], [1]), b ?? nd([1], [0])], (v, s, t) => v * s + t);
  it("layer_norm: biased variance, eps inside the root, optional weight and bias; gradients", () => {
    checkOp("layer_norm", [X, W, Bias], {}, (x, w, b) => affine(alongAxis(x!, 1, layerNorm(1e-5)), w, b));
    checkOp("layer_norm", [X], { eps: 0.5 }, (x) => alongAxis(x!, 1, layerNorm(0.5)));
    checkOp("layer_norm", [X, W, undefined], {}, (x, w) => affine(alongAxis(x!, 1, layerNorm(1e-5)), w));
  });
  it("rms_norm: x / √(mean(x²) + eps) · weight; gradients", () => {
    const rms = (eps: number) => (v: number[]) => v.map((x) => x / Math.sqrt(mean(v.map((y) => y * y)) + eps));
    checkOp("rms_norm", [X, W], {}, (x, w) => affine(alongAxis(x!, 1, rms(1e-5)), w));
    checkOp("rms_norm", [X], { eps: 0.1 }, (x) => alongAxis(x!, 1, rms(0.1)));
  });
  it("l2_normalize along any axis; gradient", () => {
    const unit = (v: number[]) => v.map((x) => x / Math.max(Math.hypot(...v), 1e-12));
    checkOp("l2_normalize", [X], {}, (x) => alongAxis(x!, 1, unit));
    checkOp("l2_normalize", [X], { axis: 0 }, (x) => alongAxis(x!, 0, unit));
  });
  it("l2_normalize of a zero row is 0 with PyTorch's gradient 1/eps, not NaN", () => {
    const x = f32([2, 2], [0, 0, 3, 4]);
    expect(values(runKernel("l2_normalize", [x], { eps: 1e-6 }))).toEqual([0, 0, 0.6, 0.8].map(Math.fround));
    const g = values(tf.grad((v: tf.Tensor) => tf.sum(runKernel("l2_normalize", [v], { eps: 1e-6 })))(x));
    expect(g[0]).toBeCloseTo(1e6, -1);
    expect(g.every(Number.isFinite)).toBe(true);
  });
});

describe("dropout / drop_path", () => {
  let ones: tf.Tensor;
  beforeAll(() => {
    ones = tf.ones([200, 100]);
  });
  const run = (op: string, x: tf.Tensor, p: number, key = "k", seed = 1) => runKernel(op, [x], { p }, { training: true, key, seed });
  it("dropout keeps 1 − p of the elements, scaled by 1/(1 − p)", () => {
    const v = values(run("dropout", ones, 0.3));
    const kept = v.filter((x) => x !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
    // 20 000 Bernoulli(0.7) draws: σ of the rate ≈ 0.0032; allow 4σ.
    expect(Math.abs(kept.length / v.length - 0.7)).toBeLessThan(0.013);
  });
  it("drop_path draws once per sample and zeroes or scales the whole sample", () => {
    const x = tf.ones([4000, 3, 2]);
    const v = values(run("drop_path", x, 0.25));
    const samples = Array.from({ length: 4000 }, (_, i) => v.slice(i * 6, i * 6 + 6));
    expect(samples.every((s) => s.every((e) => e === s[0]))).toBe(true);
    const rate = samples.filter((s) => s[0] !== 0).length / 4000;
    expect(Math.abs(rate - 0.75)).toBeLessThan(0.03); // σ ≈ 0.0068
    expect(new Set(samples.map((s) => s[0]))).toEqual(new Set([0, Math.fround(1 / 0.75)]));
  });
  it("eval mode and p = 0 return x itself", () => {
    for (const op of ["dropout", "drop_path"]) {
      expect(runKernel(op, [ones], { p: 0.5 }, { training: false })).toBe(ones);
      expect(runKernel(op, [ones], { p: 0 }, { training: true })).toBe(ones);
    }
  });
  it("same seed and key give the same mask; another key, seed or step another", () => {
    for (const op of ["dropout", "drop_path"]) {
      const base = values(run(op, ones, 0.5));
      expect(values(run(op, ones, 0.5))).toEqual(base);
      expect(values(run(op, ones, 0.5, "other"))).not.toEqual(base);
      expect(values(run(op, ones, 0.5, "k", 2))).not.toEqual(base);
      expect(values(runKernel(op, [ones], { p: 0.5 }, { training: true, key: "k", seed: 1, step: 1 }))).not.toEqual(base);
    }
  });
  it("the gradient is the mask times the scale", () => {
    for (const op of ["dropout", "drop_path"]) {
      const x = tf.ones([50, 4]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(runKernel(op, [v], { p: 0.4 }, { training: true })))(x);
      expect(values(g)).toEqual(values(runKernel(op, [x], { p: 0.4 }, { training: true })));
    }
  });
});

describe("stop_gradient", () => {
  it("is the identity with a zero gradient", () => {
    const x = f32([3], [1, -2, 3]);
    expect(values(runKernel("stop_gradient", [x]))).toEqual([1, -2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(runKernel("stop_gradient", [v]), v)))(x);
    expect(values(g)).toEqual([1, -2, 3]);
  });
});

describe("on the wasm backend", () => {
  beforeAll(() => backend("wasm"));
  it("runs on wasm", () => expect(tf.getBackend()).toBe("wasm"));
  it("activations, softmax on a middle axis, norms and where agree with the references", () => {
    const X = seeded([2, 3, 4], "wx", -3, 3);
    checkOp("gelu", [X], {}, (x) => map(x!, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))));
    checkOp("softmax", [X], { axis: 1 }, (x) => alongAxis(x!, 1, softmaxOf));
    checkOp("layer_norm", [X, seeded([4], "ww")], {}, (x, w) =>
      zipWith([alongAxis(x!, 2, (v) => v.map((e) => (e - mean(v)) / Math.sqrt(mean(v.map((q) => (q - mean(v)) ** 2)) + 1e-5))), w!], (a, b) => a * b),
    );
    checkOp("where", [bool([2, 1, 1], [true, false]), seeded([3, 1], "wa"), seeded([4], "wb")], {}, (a, b) =>
      zipWith([nd([2, 1, 1], [1, 0]), a!, b!], (c, x, y) => (c ? x : y)),
    );
    checkOp("amax", [X], { axis: 1 }, (x) => reduce(x!, 1, false, (v) => Math.max(...v)));
  });
  it("integer kernels: truncating cast, floor division, clamp", () => {
    expect(values(runKernel("cast", [f32([4], [-1.7, 1.7, 2.5, -0.5])], { dtype: "i32" }))).toEqual([-1, 1, 2, 0]);
    expect(values(runKernel("div", [i32([2], [-7, 7]), i32([1], [2])]))).toEqual([-4, 3]);
    expect(values(runKernel("clamp", [i32([3], [-3, 1, 9])], { min: 0, max: 3 }))).toEqual([0, 1, 3]);
  });
});

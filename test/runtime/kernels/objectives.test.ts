// Kernels of the objectives' losses (runtime/kernels/objectives/): against values printed by
// PyTorch 1.13 and against float64 JavaScript references with gradients by central differences
// (reference.ts `checkOp`, which also asserts that nothing leaks); ViLT's IPOT against its own
// code run in PyTorch. cpu backend, a few cases on wasm. The sampling ops: sampling.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttrValue } from "../../../compiler/ir/types.js";
import { backend, onWasm, runKernel, tf, values } from "./harness.js";
import { checkOp, expectClose, nd, seeded, tensor, type Nd } from "./reference.js";

type Tensor = tf.Tensor;
type Attrs = Readonly<Record<string, AttrValue>>;

/** The formula the PyTorch anchors below were printed with: sin(1.3·i + 0.7)·scale. */
const wave = (i: number, scale = 1): number => Math.sin(1.3 * i + 0.7) * scale;
const ints = (data: number[], shape: number[]): Tensor => tf.tensor(data, shape, "int32");
/** Plain numbers against expected ones, within atol + rtol·|expected|. */
const close = (actual: readonly number[], expected: readonly number[], what: string, atol = 1e-5, rtol = 1e-5): void =>
  expectClose(tf.tensor(actual as number[]), nd([expected.length], expected), { atol, rtol }, what);

/** A loss's reduction of per-item values: "none" keeps them (shaped `shape`), "mean" divides by `count`. */
function reduced(perItem: readonly number[], shape: readonly number[], reduction: string, count = perItem.length): Nd {
  if (reduction === "none") return nd(shape, perItem);
  const total = perItem.reduce((a, b) => a + b, 0);
  return nd([], [reduction === "sum" ? total : total / count]);
}

function logSoftmaxRow(row: readonly number[]): number[] {
  const top = Math.max(...row);
  const lse = top + Math.log(row.reduce((a, z) => a + Math.exp(z - top), 0));
  return row.map((z) => z - lse);
}

/** Rows of the last axis. */
function rowsOf(x: Nd): number[][] {
  const c = x.shape[x.shape.length - 1]!;
  return Array.from({ length: x.data.length / c }, (_, r) => x.data.slice(r * c, (r + 1) * c));
}

beforeAll(async () => {
  await backend("cpu");
});
afterAll(async () => {
  await backend("cpu");
});

// ---------------------------------------------------------------------------------------------
// Losses

describe("cross_entropy", () => {
  const logits = nd([6, 5], Array.from({ length: 30 }, (_, i) => wave(i, 3)));
  const labels = [0, 4, -100, 2, 1, -100];
  // F.cross_entropy(logits, labels, ignore_index=-100, label_smoothing=ε, reduction=…) in PyTorch 1.13.
  const torch: Record<string, number[]> = {
    "0/mean": [3.174677242656427],
    "0/sum": [12.698708970625708],
    "0/none": [1.2118390533982073, 3.622745708355512, 0, 5.397125123055245, 2.466999085816744, 0],
    "0.1/mean": [3.17099006479749],
    "0.1/sum": [12.68396025918996],
    "0.1/none": [1.4034122544821293, 3.5691333107069143, 0, 5.1723159192264845, 2.5390987747744336, 0],
  };
  /** (1 − ε)·nll + ε·mean(−log p) per kept label, by the definition. */
  const reference =
    (ys: readonly number[], smoothing: number, ignore: number, reduction: string) =>
    (z: Nd): Nd => {
      const per = rowsOf(z).map((row, r) => {
        if (ys[r] === ignore) return 0;
        const lp = logSoftmaxRow(row);
        return -(1 - smoothing) * lp[ys[r]!]! - (smoothing * lp.reduce((a, b) => a + b, 0)) / row.length;
      });
      return reduced(per, z.shape.slice(0, -1), reduction, Math.max(ys.filter((y) => y !== ignore).length, 1));
    };

  it("matches torch's F.cross_entropy with label smoothing and ignore_index, for every reduction", () => {
    for (const [key, expected] of Object.entries(torch)) {
      const [smoothing, reduction] = key.split("/") as [string, string];
      const out = runKernel("cross_entropy", [tensor(logits), ints(labels, [6])], { label_smoothing: Number(smoothing), reduction });
      close(values(out), expected, `cross_entropy ${key}`);
    }
    const other = runKernel("cross_entropy", [tensor(logits), ints([0, 4, 3, 2, 1, 3], [6])], { label_smoothing: 0.2, ignore_index: 3 });
    close(values(other), [3.167302886938553], "ignore_index 3");
  });
  it("differentiates through smoothing and ignored labels, over leading axes [2, 3]", () => {
    const ys = [0, 4, -100, 2, 1, 3];
    checkOp("cross_entropy", [seeded([2, 3, 5], "z"), ints(ys, [2, 3])], { label_smoothing: 0.1 }, (z) => reference(ys, 0.1, -100, "mean")(z!));
    const ys3 = [0, 4, 3, 2, 1, 3];
    checkOp("cross_entropy", [seeded([2, 3, 5], "z3"), ints(ys3, [2, 3])], { ignore_index: 3, reduction: "none" }, (z) => reference(ys3, 0, 3, "none")(z!));
  });
  it("is 0, not NaN, when every label is ignored", () => {
    const out = runKernel("cross_entropy", [tensor(seeded([2, 5], "z")), ints([-100, -100], [2])], { label_smoothing: 0.1 });
    expect(values(out)).toEqual([0]);
  });
  it("agrees on wasm, gradient included", async () => {
    await onWasm(() => checkOp("cross_entropy", [logits, ints(labels, [6])], { label_smoothing: 0.1 }, (z) => reference(labels, 0.1, -100, "mean")(z!)));
  });
});

describe("soft_cross_entropy", () => {
  const reference =
    (reduction: string) =>
    (z: Nd, t: Nd): Nd => {
      const targets = rowsOf(t);
      const per = rowsOf(z).map((row, r) => -logSoftmaxRow(row).reduce((a, lp, c) => a + lp * targets[r]![c]!, 0));
      return reduced(per, z.shape.slice(0, -1), reduction);
    };
  it("is −Σ targets·log_softmax(logits) per row, averaged, with gradients to logits and targets", () => {
    checkOp("soft_cross_entropy", [seeded([4, 3], "z"), seeded([4, 3], "t", 0, 1)], {}, (z, t) => reference("mean")(z!, t!));
  });
  it("sums or keeps rows over leading axes", () => {
    for (const reduction of ["sum", "none"]) checkOp("soft_cross_entropy", [seeded([2, 2, 3], "z"), seeded([2, 2, 3], "t", 0, 1)], { reduction }, (z, t) => reference(reduction)(z!, t!));
  });
});

describe("bce_with_logits", () => {
  /** −t·log σ(x) − (1 − t)·log(1 − σ(x)) in float64, stable form. */
  const bce = (x: number, t: number): number => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
  const reference =
    (reduction: string, targets?: Nd) =>
    (x: Nd, t?: Nd): Nd =>
      reduced(
        x.data.map((v, i) => bce(v, (targets ?? t)!.data[i]!)),
        x.shape,
        reduction,
      );
  it("matches the definition, with gradient σ(x) − t (including at x = 0)", () => {
    checkOp("bce_with_logits", [nd([2, 3], [0, 1.5, -2, 0.3, -0.7, 4]), seeded([2, 3], "t", 0, 1)], {}, (x, t) => reference("mean")(x!, t!));
  });
  it("stays finite for large logits and reduces as asked", () => {
    const targets = nd([4], [0, 1, 1, 0]);
    for (const reduction of ["none", "sum"]) checkOp("bce_with_logits", [nd([4], [80, -80, 30, -30]), tensor(targets)], { reduction }, (x) => reference(reduction, targets)(x!));
  });
});

describe("mse", () => {
  const reference =
    (reduction: string) =>
    (a: Nd, b: Nd): Nd =>
      reduced(
        a.data.map((v, i) => (v - b.data[i]!) ** 2),
        a.shape,
        reduction,
      );
  it("is the mean (or sum, or each) of squared differences, with gradients to both sides", () => {
    checkOp("mse", [seeded([3, 4], "a"), seeded([3, 4], "b")], {}, (a, b) => reference("mean")(a!, b!));
    checkOp("mse", [seeded([5], "a"), seeded([5], "b")], { reduction: "sum" }, (a, b) => reference("sum")(a!, b!));
    checkOp("mse", [seeded([2, 2], "a"), seeded([2, 2], "b")], { reduction: "none" }, (a, b) => reference("none")(a!, b!));
  });
});

// ---------------------------------------------------------------------------------------------
// ViLT's IPOT

describe("optimal_transport", () => {
  const [B, M, N, D] = [2, 4, 5, 3];
  const x = Float64Array.from({ length: B * M * D }, (_, f) => wave(Math.floor(f / (M * D)) * 100 + (Math.floor(f / D) % M) * 10 + (f % D)));
  const y = Float64Array.from({ length: B * N * D }, (_, f) => wave(Math.floor(f / (N * D)) * 100 + (Math.floor(f / D) % N) * 10 + (f % D) + 1000, 0.8));
  const xValid = [1, 1, 1, 0, 0, 1, 1, 1];
  const yValid = [0, 1, 1, 1, 1, 0, 1, 1, 0, 0];
  // dandelin/ViLT vilt/modules/objectives.py `optimal_transport_dist` (β 0.5, 50 iterations, k 1),
  // run in PyTorch 1.13 (float64) on these inputs, and the gradient of Σ distance with respect to x.
  const torchDistance = [0.02169540448226092, 0.2996588613444496];
  const torchGradX = [
    0.014083603039384551, -0.01369193987304193, -0.02140875879462074, -0.0009506301039349241, 0.003956797717022648, 0.003067507612778006,
    0.002468484295138601, 0.024546718535067902, 0.010663952614291677, 0, 0, 0, 0, 0, 0, 0.061300168403254335, 0.10543390116928603,
    -0.004893278283060604, 0.12646823502254867, 0.12078137936570177, -0.0618504800225845, 0.20046913733320904, 0.06771382378209041,
    -0.16424240024641104,
  ];

  /** Cosine cost, 0 where either side is padding: [b][m][n]. */
  function cost(xs: Float64Array, ys: Float64Array, xv: number[], yv: number[]): number[][][] {
    const unit = (v: Float64Array, at: number): number[] => {
      const row = Array.from(v.subarray(at * D, at * D + D));
      const norm = Math.max(Math.hypot(...row), 1e-5);
      return row.map((e) => e / norm);
    };
    return Array.from({ length: B }, (_, b) =>
      Array.from({ length: M }, (_, m) =>
        Array.from({ length: N }, (_, n) => {
          if (!xv[b * M + m] || !yv[b * N + n]) return 0;
          const [u, w] = [unit(xs, b * M + m), unit(ys, b * N + n)];
          return 1 - u.reduce((a, e, d) => a + e * w[d]!, 0);
        }),
      ),
    );
  }

  /** ViLT's `ipot` as written, plan T[b][n][m] (image × text), in float64. */
  function ipot(C: number[][][], xv: number[], yv: number[], beta: number, iterations: number): number[][][] {
    return C.map((Cb, b) => {
      const xIn = (m: number): boolean => xv[b * M + m] === 1;
      const yIn = (n: number): boolean => yv[b * N + n] === 1;
      const xLen = Array.from({ length: M }, (_, m) => m).filter(xIn).length;
      const yLen = Array.from({ length: N }, (_, n) => n).filter(yIn).length;
      const joint = (n: number, m: number): boolean => !xIn(m) || !yIn(n);
      const A = Array.from({ length: N }, (_, n) => Array.from({ length: M }, (_, m) => (joint(n, m) ? 0 : Math.exp(-Cb[m]![n]! / beta))));
      let T: number[][] = Array.from({ length: N }, (_, n) => Array.from({ length: M }, (_, m) => (joint(n, m) ? 0 : 1)));
      let sigma = Array.from({ length: M }, (_, m) => (xIn(m) ? 1 / xLen : 0));
      for (let it = 0; it < iterations; it++) {
        const Q = T.map((row, n) => row.map((t, m) => t * A[n]![m]!));
        const delta = Q.map((row, n) => 1 / (yLen * row.reduce((a, q, m) => a + q * sigma[m]!, 0) + (yIn(n) ? 0 : 1e4)));
        sigma = sigma.map((_, m) => 1 / (xLen * Q.reduce((a, row, n) => a + delta[n]! * row[m]!, 0) + (xIn(m) ? 0 : 1e4)));
        T = Q.map((row, n) => row.map((q, m) => delta[n]! * q * sigma[m]!));
      }
      return T.map((row, n) => row.map((t, m) => (joint(n, m) ? 0 : t)));
    });
  }

  /** Central differences in float64. */
  function numericGradient(f: (xs: Float64Array) => number, at: Float64Array, h = 1e-6): number[] {
    return Array.from(at, (keep, i) => {
      const moved = (delta: number): number => f(Float64Array.from(at, (v, j) => (j === i ? keep + delta : v)));
      return (moved(h) - moved(-h)) / (2 * h);
    });
  }

  const distances = (C: number[][][], T: number[][][]): number[] => C.map((Cb, b) => Cb.reduce((a, row, m) => a + row.reduce((s, c, n) => s + c * T[b]![n]![m]!, 0), 0));
  const run = (attrs: Attrs, xv?: number[], yv?: number[], xs = x): Tensor =>
    runKernel("optimal_transport", [tf.tensor(Array.from(xs), [B, M, D]), tf.tensor(Array.from(y), [B, N, D]), xv && tf.tensor(xv, [B, M], "int32"), yv && tf.tensor(yv, [B, N], "int32")], attrs);

  it("reproduces ViLT's distance and gradient (masks, β 0.5, 50 iterations)", () => {
    close(values(run({}, xValid, yValid)), torchDistance, "distance", 1e-5, 1e-4);
    const grad = tf.grad((xt: Tensor) => tf.sum(runKernel("optimal_transport", [xt, tf.tensor(Array.from(y), [B, N, D]), tf.tensor(xValid, [B, M], "int32"), tf.tensor(yValid, [B, N], "int32")], {})));
    close(values(grad(tf.tensor(Array.from(x), [B, M, D]))), torchGradX, "gradient", 1e-5, 1e-3);
  });
  it("agrees with a plain-JS IPOT in ViLT's orientation, without masks (β 0.3, 20 iterations)", () => {
    const all = (n: number): number[] => new Array(n).fill(1);
    const C = cost(x, y, all(B * M), all(B * N));
    const expected = distances(C, ipot(C, all(B * M), all(B * N), 0.3, 20));
    [0.11231760347096974, 0.07933257011052776].forEach((torch, b) => expect(expected[b]).toBeCloseTo(torch, 10)); // both float64
    close(values(run({ beta: 0.3, iterations: 20 })), expected, "distance", 1e-5, 1e-4);
  });
  it("holds the plan fixed in the gradient: d/dx Σ C(x)·T*, checked by central differences", () => {
    const T = ipot(cost(x, y, xValid, yValid), xValid, yValid, 0.5, 50);
    const weights = [0.7, -1.3];
    const f = (xs: Float64Array): number => distances(cost(xs, y, xValid, yValid), T).reduce((a, d, b) => a + d * weights[b]!, 0);
    const grad = tf.grad((xt: Tensor) => tf.sum(tf.mul(runKernel("optimal_transport", [xt, tf.tensor(Array.from(y), [B, N, D]), tf.tensor(xValid, [B, M], "int32"), tf.tensor(yValid, [B, N], "int32")], {}), tf.tensor(weights))));
    close(values(grad(tf.tensor(Array.from(x), [B, M, D]))), numericGradient(f, x), "gradient", 1e-5, 1e-3);
  });
  it("gives 0 for a sample without valid tokens, and repeats the inner updates when inner_steps > 1", () => {
    const noText = [0, 0, 0, 0, 1, 1, 1, 1];
    const d = values(run({}, noText, yValid));
    expect(d[0]).toBe(0);
    expect(Number.isFinite(d[1])).toBe(true);
    // IPOT converges to the same plan whether each outer step makes one inner update or two.
    close(values(run({ inner_steps: 2, iterations: 100 }, xValid, yValid)), values(run({ iterations: 100 }, xValid, yValid)), "inner steps", 1e-4, 1e-2);
  });
  it("agrees on wasm", async () => {
    await onWasm(() => close(values(run({}, xValid, yValid)), torchDistance, "distance on wasm", 1e-5, 1e-4));
  });
});

// The WASM matrix-product overrides (runtime/wasm/matmul.ts) send every product — batched,
// transposed, fused with a bias — through XNNPACK: each must match the stock kernel and a float64
// reference, forward and through gradients, and its transposed-weight cache must never go stale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { installWasmOverrides, wasmCacheBytes } from "../../../runtime/wasm/overrides.js";
import { bothWays, expectClose, float64MatMul, randomTensor } from "./reference.js";


describe("wasm matmul override", () => {
  beforeAll(async () => {
    await useBackend("wasm", { threads: 1, overrides: true });
  });
  afterAll(() => installWasmOverrides());

  const cases: [string, number[], number[], boolean, boolean][] = [
    ["2-D", [5, 7], [7, 3], false, false],
    ["2-D, b transposed (x·Wᵀ)", [5, 7], [3, 7], false, true],
    ["2-D, a transposed (xᵀ·dy)", [7, 5], [7, 3], true, false],
    ["2-D, both transposed", [7, 5], [3, 7], true, true],
    ["batched (attention scores q·kᵀ)", [2, 3, 6, 4], [2, 3, 5, 4], false, true],
    ["batched (probs·v)", [2, 3, 6, 5], [2, 3, 5, 4], false, false],
    ["batched, a transposed", [4, 5, 6], [4, 5, 3], true, false],
    ["3-D times a shared 2-D weight", [3, 6, 7], [7, 4], false, false],
    ["3-D times a shared transposed weight", [3, 6, 7], [4, 7], false, true],
    ["2-D times a batch of right operands", [6, 7], [3, 7, 4], false, false],
    ["batch-1 axis broadcast against a batch", [1, 6, 7], [5, 7, 2], false, false],
  ];
  for (const [name, sa, sb, ta, tb] of cases) {
    it(`${name}: same as the stock kernel and a float64 reference`, () => {
      const a = randomTensor(sa, 1);
      const b = randomTensor(sb, 2);
      const { stock, ours } = bothWays(() => tf.matMul(a, b, ta, tb));
      const ref = float64MatMul(a, b, ta, tb);
      expectClose(ours[0]!, ref);
      expectClose(stock[0]!, ref);
      a.dispose();
      b.dispose();
    });
  }

  // The stock _FusedMatMul adds the bias wrongly in its scalar loop (tfjs-backend-wasm 4.22: from
  // the second row on every entry gets the last bias value, once per 48-wide block of the inner
  // dimension), so fused products are checked against a float64 reference, not against it.
  it("fused bias and activations match a float64 reference", () => {
    const a = randomTensor([2, 6, 7], 3);
    const b = randomTensor([5, 7], 4);
    const bias = randomTensor([5], 5);
    const batched = randomTensor([2, 7, 5], 6);
    const act: Record<string, (x: number) => number> = {
      linear: (x) => x,
      relu: (x) => Math.max(x, 0),
      relu6: (x) => Math.min(Math.max(x, 0), 6),
      sigmoid: (x) => 1 / (1 + Math.exp(-x)),
      elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
    };
    const biasValues = bias.dataSync();
    const expected = (product: Float64Array, f: (x: number) => number): Float64Array => product.map((v, i) => f(v + biasValues[i % 5]!));
    for (const [activation, f] of Object.entries(act)) {
      const got = tf.tidy(() => tf.fused.matMul({ a, b, transposeB: true, bias, activation: activation as "relu" }).dataSync());
      expectClose(got, expected(float64MatMul(a, b, false, true), f));
    }
    const got = tf.tidy(() => tf.fused.matMul({ a, b: batched, bias, activation: "relu" }).dataSync());
    expectClose(got, expected(float64MatMul(a, batched, false, false), act.relu!));
    for (const t of [a, b, bias, batched]) t.dispose();
  });

  it("gradients through batched and transposed products match the stock kernels", () => {
    const q = randomTensor([2, 3, 6, 4], 7);
    const k = randomTensor([2, 3, 5, 4], 8);
    const w = randomTensor([4, 4], 9);
    const bias = randomTensor([4], 10);
    const loss = (qq: Tensor, kk: Tensor, ww: Tensor, bb: Tensor): Tensor => {
      const scores = tf.softmax(tf.matMul(qq, kk, false, true));
      const mixed = tf.reshape(tf.matMul(scores, kk), [-1, 4]);
      return tf.sum(tf.square(tf.add(tf.matMul(mixed, ww, false, true), bb)));
    };
    const { stock, ours } = bothWays(() => tf.grads(loss)([q, k, w, bias]));
    expect(ours).toHaveLength(4);
    ours.forEach((g, i) => expectClose(g, stock[i]!));
    // The fused product's gradient (weight and bias) equals the unfused one's.
    const fusedLoss = (x: Tensor, ww: Tensor, bb: Tensor): Tensor => tf.sum(tf.square(tf.fused.matMul({ a: x, b: ww, transposeB: true, bias: bb })));
    const plainLoss = (x: Tensor, ww: Tensor, bb: Tensor): Tensor => tf.sum(tf.square(tf.add(tf.matMul(x, ww, false, true), bb)));
    const x = randomTensor([6, 4], 16);
    const fused = tf.tidy(() => tf.grads(fusedLoss)([x, w, bias]).map((g) => g.dataSync()));
    const plain = tf.tidy(() => tf.grads(plainLoss)([x, w, bias]).map((g) => g.dataSync()));
    fused.forEach((g, i) => expectClose(g, plain[i]!));
    for (const t of [q, k, w, bias, x]) t.dispose();
  });

  it("a weight changed by assign is never served from the transposed-weight cache", () => {
    const x = randomTensor([4, 6], 11);
    const w = tf.variable(randomTensor([3, 6], 12));
    const first = tf.tidy(() => tf.matMul(x, w, false, true).dataSync() as Float32Array);
    expectClose(first, float64MatMul(x, w, false, true));
    const again = tf.tidy(() => tf.matMul(x, w, false, true).dataSync() as Float32Array);
    expect(Array.from(again)).toEqual(Array.from(first)); // served from the cache
    const next = randomTensor([3, 6], 13);
    w.assign(next);
    const after = tf.tidy(() => tf.matMul(x, w, false, true).dataSync() as Float32Array);
    expectClose(after, float64MatMul(x, next, false, true));
    for (const t of [x, w, next]) t.dispose();
  });

  it("frees a cached transpose once its weight is disposed, and leaks no tensors", () => {
    const tensors = tf.memory().numTensors;
    const x = randomTensor([4, 6], 14);
    const product = (b: Tensor): void => tf.tidy(() => void tf.matMul(x, b, false, true).dataSync());
    product(x); // sweeps what earlier tests left, caches xᵀ
    const base = wasmCacheBytes();
    const w = randomTensor([64, 6], 15);
    product(w);
    expect(wasmCacheBytes()).toBe(base + 64 * 6 * 4);
    w.dispose();
    product(x); // any lookup sweeps the entries of disposed sources
    expect(wasmCacheBytes()).toBe(base);
    x.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

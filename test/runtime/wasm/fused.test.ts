// The fused WASM kernels (runtime/wasm/gelu.ts, layer-norm.ts, adamw.ts) against the composite
// forms they replace, run on the stock kernels: GELU in its three forms and LayerNorm, values and
// gradients; AdamW, three steps with weight decay, against the op-by-op update with backend moments.
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { DEFAULT_OPTIMIZER, Optimizer } from "../../../runtime/train/optimizer.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { fusedGelu, type GeluKind } from "../../../runtime/wasm/gelu.js";
import { fusedLayerNorm } from "../../../runtime/wasm/layer-norm.js";
import { fusedKernelsAvailable, installWasmOverrides, removeWasmOverrides } from "../../../runtime/wasm/overrides.js";
import { expectClose, onStock, randomTensor } from "./reference.js";


const COMPOSITE_GELU: Record<GeluKind, (x: Tensor) => Tensor> = {
  erf: (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)),
  tanh: (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1)),
  quick: (x) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))),
};

function compositeLayerNorm(x: Tensor, w: Tensor, b: Tensor, eps: number): Tensor {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), w), b);
}

describe("fused kernels on wasm", () => {
  beforeAll(async () => {
    await useBackend("wasm", { threads: 1, overrides: true });
  });

  for (const kind of ["erf", "tanh", "quick"] as GeluKind[]) {
    it(`GELU (${kind}): values and gradient equal the composite form's`, () => {
      // Wide values, so the tails of erf and of the sigmoid are exercised too.
      const x = tf.tidy(() => tf.mul(randomTensor([3, 7, 33], 11), 3));
      const dy = randomTensor([3, 7, 33], 12);
      const loss = (gelu: (t: Tensor) => Tensor) => (t: Tensor) => tf.sum(tf.mul(gelu(t), dy));
      const [want, wantGrad] = onStock(() => [COMPOSITE_GELU[kind](x), tf.grad(loss(COMPOSITE_GELU[kind]))(x)]);
      const [got, gotGrad] = tf.tidy(() => [fusedGelu(x, kind), tf.grad(loss((t) => fusedGelu(t, kind)))(x)].map((t) => t.dataSync() as Float32Array));
      expectClose(got!, want!);
      expectClose(gotGrad!, wantGrad!);
      x.dispose();
      dy.dispose();
    });
  }

  it("LayerNorm: values and the gradients of x, γ and β equal the composite form's", () => {
    const x = tf.tidy(() => tf.add(tf.mul(randomTensor([2, 5, 24], 21), 4), 1.5));
    const w = randomTensor([24], 22);
    const b = randomTensor([24], 23);
    const dy = randomTensor([2, 5, 24], 24);
    const eps = 1e-6;
    const loss = (ln: (a: Tensor, c: Tensor, d: Tensor) => Tensor) => (a: Tensor, c: Tensor, d: Tensor) => tf.sum(tf.mul(ln(a, c, d), dy));
    const [want, ...wantGrads] = onStock(() => [compositeLayerNorm(x, w, b, eps), ...tf.grads(loss((a, c, d) => compositeLayerNorm(a, c, d, eps)))([x, w, b])]);
    const [got, ...gotGrads] = tf.tidy(() =>
      [fusedLayerNorm(x, w, b, eps), ...tf.grads(loss((a, c, d) => fusedLayerNorm(a, c, d, eps)))([x, w, b])].map((t) => t.dataSync() as Float32Array),
    );
    expectClose(got!, want!);
    gotGrads.forEach((g, i) => expectClose(g, wantGrads[i]!));
    for (const t of [x, w, b, dy]) t.dispose();
  });

  it("AdamW: the fused update with host moments takes the op-by-op update's steps, and checkpoints see its moments", () => {
    const config = { ...DEFAULT_OPTIMIZER, weightDecay: 0.1 };
    const start = { w: randomTensor([4, 6], 31), b: randomTensor([6], 32) };
    const grads = [0, 1, 2].map((i) => new Map([["w", randomTensor([4, 6], 40 + i)], ["b", randomTensor([6], 50 + i)]]));
    const train = (): { params: Float32Array[]; moments: Map<string, Float32Array>; fused: boolean } => {
      const params = new Map([["w", tf.variable(start.w.clone())], ["b", tf.variable(start.b.clone())]]);
      const opt = new Optimizer(config, params);
      grads.forEach((g, step) => opt.apply(g, 0.01 * (step + 1)));
      const out = {
        params: [...params.values()].map((p) => p.dataSync() as Float32Array),
        moments: new Map([...opt.moments()].map(([k, m]) => [k, Float32Array.from(m.read())])),
        fused: opt.fused,
      };
      opt.dispose();
      for (const p of params.values()) p.dispose();
      return out;
    };
    expect(fusedKernelsAvailable()).toBe(true);
    const fused = train();
    removeWasmOverrides();
    let plain: ReturnType<typeof train>;
    try {
      plain = train();
    } finally {
      installWasmOverrides();
    }
    expect(fused.fused).toBe(true);
    expect(plain.fused).toBe(false);
    fused.params.forEach((p, i) => expectClose(p, plain.params[i]!, 1e-6));
    expect([...fused.moments.keys()].sort()).toEqual([...plain.moments.keys()].sort());
    for (const [k, m] of fused.moments) expectClose(m, plain.moments.get(k)!, 1e-6);
  });
});

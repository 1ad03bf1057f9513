// Head-wise attention on WASM (runtime/wasm/attention.ts): its values and declared gradients
// equal the composite formulation's, and the attention kernel takes it only when it applies.
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { headwiseAttention, HEADWISE_ATTENTION } from "../../../runtime/wasm/attention.js";
import { fusedKernelsAvailable } from "../../../runtime/wasm/overrides.js";
import { runKernel } from "../kernels/harness.js";
import { expectClose, onStock, randomTensor } from "./reference.js";

/** softmax(s·q kᵀ) v per head, with tfjs ops (the definition). */
function composite(q: Tensor, k: Tensor, v: Tensor, heads: number, scale: number): Tensor {
  const split = (x: Tensor): Tensor => {
    const [b, len, width] = x.shape as [number, number, number];
    return tf.transpose(tf.reshape(x, [b, len, heads, width / heads]), [0, 2, 1, 3]);
  };
  const out = tf.matMul(tf.softmax(tf.mul(tf.matMul(split(q), split(k), false, true), scale)), split(v));
  const [b, , t, d] = out.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [b, t, heads * d]);
}


describe("head-wise attention on wasm", () => {
  beforeAll(async () => {
    await useBackend("wasm", { threads: 1, overrides: true });
  });

  const cases: [string, number[], number[], number, number][] = [
    ["self-attention", [2, 6, 8], [2, 6, 8], 2, 1 / 2],
    ["cross-attention, value width 12, scale 0.3", [2, 5, 8], [2, 7, 12], 4, 0.3],
  ];
  for (const [name, qShape, vShape, heads, scale] of cases) {
    it(`${name}: values and gradients match the composite formulation`, () => {
      const q = randomTensor(qShape, 1);
      const k = randomTensor([vShape[0]!, vShape[1]!, qShape[2]!], 2);
      const v = randomTensor(vShape, 3);
      const w = randomTensor([qShape[0]!, qShape[1]!, vShape[2]!], 4);
      const loss = (att: (a: Tensor, b: Tensor, c: Tensor) => Tensor) => (a: Tensor, b: Tensor, c: Tensor) => tf.sum(tf.mul(att(a, b, c), w));
      const wantGrads = onStock(() => tf.grads(loss((a, b, c) => composite(a, b, c, heads, scale)))([q, k, v]));
      const [want] = onStock(() => [composite(q, k, v, heads, scale)]);
      const got = tf.tidy(() => headwiseAttention(q, k, v, heads, scale).dataSync() as Float32Array);
      expectClose(got, want!);
      const grads = tf.tidy(() => tf.grads(loss((a, b, c) => headwiseAttention(a, b, c, heads, scale)))([q, k, v]).map((g) => g.dataSync() as Float32Array));
      grads.forEach((g, i) => expectClose(g, wantGrads[i]!));
      for (const t of [q, k, v, w]) t.dispose();
    });
  }

  it("the attention kernel takes the fast path without mask, bias or dropout only", async () => {
    expect(fusedKernelsAvailable()).toBe(true);
    const q = randomTensor([2, 6, 8], 5);
    const mask = tf.tidy(() => tf.greater(randomTensor([2, 6, 6], 6), -0.5));
    const kernelsRun = async (inputs: (Tensor | undefined)[], attrs: Record<string, number>, training = false): Promise<string[]> => {
      const info = await tf.profile(() => runKernel("attention", inputs, { heads: 2, ...attrs }, { training }));
      (info.result as Tensor).dispose();
      return info.kernels.map((k) => k.name);
    };
    expect(await kernelsRun([q, q, q], {})).toContain(HEADWISE_ATTENTION);
    expect(await kernelsRun([q, q, q, mask], {})).not.toContain(HEADWISE_ATTENTION);
    expect(await kernelsRun([q, q, q], { dropout: 0.1 }, true)).not.toContain(HEADWISE_ATTENTION);
    expect(await kernelsRun([q, q, q], { dropout: 0.1 }, false)).toContain(HEADWISE_ATTENTION);
    const tensors = tf.memory().numTensors;
    tf.tidy(() => void runKernel("attention", [q, q, q], { heads: 2 }).dataSync());
    expect(tf.memory().numTensors).toBe(tensors);
    for (const t of [q, mask]) t.dispose();
  });
});

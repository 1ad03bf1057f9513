// Helpers for the WASM override tests: seeded random tensors, a float64 matrix product to compare
// against, and a closeness check scaled to the values' magnitude.
import { expect } from "vitest";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { installWasmOverrides, removeWasmOverrides } from "../../../runtime/wasm/overrides.js";

export function randomTensor(shape: number[], seed: number): Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}

/** a·b (with the given transposes, batch axes broadcast NumPy-style) in float64. */
export function float64MatMul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Float64Array {
  const av = a.dataSync();
  const bv = b.dataSync();
  const [ra, rb] = [a.rank, b.rank];
  const [ar, ac] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [br, bc] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const [m, k, n] = [transposeA ? ac : ar, transposeA ? ar : ac, transposeB ? br : bc];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const pad = (s: number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(batchA), pad(batchB)];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const items = batch.reduce((x, y) => x * y, 1);
  const out = new Float64Array(items * m * n);
  const offsetOf = (item: number, shape: number[]): number => {
    let flat = 0;
    let rest = item;
    const index = new Array<number>(rank);
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = rest % batch[i]!;
      rest = Math.floor(rest / batch[i]!);
    }
    for (let i = 0; i < rank; i++) flat = flat * shape[i]! + (shape[i] === 1 ? 0 : index[i]!);
    return flat;
  };
  for (let item = 0; item < items; item++) {
    const ao = offsetOf(item, pa) * ar * ac;
    const bo = offsetOf(item, pb) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = transposeA ? av[ao + p * ac + i]! : av[ao + i * ac + p]!;
          const y = transposeB ? bv[bo + j * bc + p]! : bv[bo + p * bc + j]!;
          s += x * y;
        }
        out[(item * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

/** Equal within 1e-5 of the largest magnitude (float32 rounding of sums of products), same length. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, relative = 1e-5): void {
  expect(got.length).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst, `largest difference ${worst} against values up to ${scale}`).toBeLessThanOrEqual(relative * Math.max(scale, 1));
}

/** The values of what `f` returns, read inside a tidy. */
function valuesOf(f: () => Tensor | Tensor[]): number[][] {
  return tf.tidy(() => {
    const r = f();
    return (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync() as ArrayLike<number>));
  });
}

/** `f` on the stock kernels (overrides removed: the composite forms), as plain arrays. */
export function onStock(f: () => Tensor | Tensor[]): number[][] {
  removeWasmOverrides();
  try {
    return valuesOf(f);
  } finally {
    installWasmOverrides();
  }
}

/** `f` with the stock kernels, then with the overrides installed: both results' values. */
export function bothWays(f: () => Tensor | Tensor[]): { stock: number[][]; ours: number[][] } {
  const stock = onStock(f);
  return { stock, ours: valuesOf(f) };
}

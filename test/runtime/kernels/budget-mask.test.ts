// budget_mask (runtime/kernels/objectives/budget_mask.ts) samples from vlmc's seeded stream, so
// torch cannot be its reference (test/parity/ops.test.ts excludes it); it is tested here by what
// it promises: exactly ⌈p·n⌉ positions per row, every position equally likely, the same mask for
// the same (seed, step, node key) on cpu and wasm, and a different one when any of them changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskBudget } from "../../../runtime/kernels/objectives/budget_mask.js";
import { backend, onWasm, runKernel, tf, values, type KernelRunOptions } from "./harness.js";

const keyed = (key: string, seed = 1, step = 0): KernelRunOptions => ({ key, seed, step });

function mask(shape: number[], p: number, opts: KernelRunOptions): number[] {
  return values(runKernel("budget_mask", [tf.zeros(shape, "int32")], { p }, opts));
}

function rowCounts(m: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.length; r += n) out.push(m.slice(r, r + n).reduce((s, v) => s + v, 0));
  return out;
}

beforeAll(async () => {
  await backend("cpu");
});

describe("budget_mask", () => {
  it("masks exactly ⌈p·n⌉ positions of every row, whatever the row length and ratio", () => {
    for (const [n, p, want] of [
      [20, 0.15, 3], // 0.15·20 is 3.0000000000000004 in floats: still 3
      [196, 0.75, 147], // MAE's ratio on a 14×14 grid
      [7, 0.5, 4], // ⌈3.5⌉
      [10, 0.01, 1], // a tiny ratio still masks one
      [5, 1, 5],
    ] as const) {
      expect(maskBudget(p, n), `budget for p = ${p}, n = ${n}`).toBe(want);
      const m = mask([3, 2, n], p, keyed(`count.${n}`));
      expect(rowCounts(m, n), `rows of ${n} at p = ${p}`).toEqual(Array(6).fill(want));
    }
  });

  it("picks every position equally often", () => {
    const [rows, n, p] = [4000, 16, 0.25];
    const m = mask([rows, n], p, keyed("uniform"));
    const perPosition = Array.from({ length: n }, (_, i) => rowCounts(m.filter((_, j) => j % n === i), rows).reduce((s, v) => s + v, 0));
    // Each position is masked with probability p in each row: within 4 binomial deviations.
    const sd = Math.sqrt(rows * p * (1 - p));
    for (const [i, hits] of perPosition.entries()) expect(Math.abs(hits - rows * p), `position ${i}: ${hits} of ${rows}`).toBeLessThanOrEqual(4 * sd);
  });

  it("is reproducible from (seed, step, node key) and changes with each", () => {
    const base = mask([8, 32], 0.5, keyed("r", 7, 3));
    expect(mask([8, 32], 0.5, keyed("r", 7, 3))).toEqual(base);
    expect(mask([8, 32], 0.5, keyed("r", 8, 3))).not.toEqual(base);
    expect(mask([8, 32], 0.5, keyed("r", 7, 4))).not.toEqual(base);
    expect(mask([8, 32], 0.5, keyed("s", 7, 3))).not.toEqual(base);
  });

  it("draws the same mask on wasm as on cpu", async () => {
    const onCpu = mask([4, 50], 0.3, keyed("backends"));
    await onWasm(() => expect(mask([4, 50], 0.3, keyed("backends"))).toEqual(onCpu));
  });

  it("refuses a ratio outside (0, 1], suggesting a fraction for a percentage", () => {
    expect(() => mask([2, 10], 0, keyed("bad"))).toThrow(/masking ratio must be in \(0, 1\], not 0/);
    expect(() => mask([2, 10], 75, keyed("bad"))).toThrow(/not 75/);
  });
});

afterAll(async () => {
  await backend("cpu");
});

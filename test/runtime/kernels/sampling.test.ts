// Kernels of the sampling ops (runtime/kernels/objectives/: bernoulli_mask, mask_tokens,
// patch_block_mask, multinomial) and enqueue: by their statistics (rates within a few binomial
// standard deviations), their structure (exclusions, whole words, blocks) and their
// reproducibility — same seed, step and node key ⇒ same draw, on cpu and on wasm alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttrValue } from "../../../compiler/ir/types.js";
import { backend, onWasm, runKernel, tf, values, type KernelRunOptions } from "./harness.js";

type Tensor = tf.Tensor;
type Attrs = Readonly<Record<string, AttrValue>>;

/** |observed − expected| rate within `sigmas` binomial standard deviations. */
function expectRate(hits: number, trials: number, p: number, what: string, sigmas = 4): void {
  const sd = Math.sqrt((p * (1 - p)) / trials);
  expect(Math.abs(hits / trials - p), `${what}: ${hits}/${trials} against p = ${p}`).toBeLessThanOrEqual(sigmas * sd);
}

beforeAll(async () => {
  await backend("cpu");
});

const keyed = (key: string, seed = 1, step = 0): KernelRunOptions => ({ key, seed, step });

describe("bernoulli_mask", () => {
  const [rows, len] = [64, 128];
  const ids = Array.from({ length: rows * len }, (_, i) => (i * 7919) % 50);
  const x = (): Tensor => tf.tensor(ids, [rows, len], "int32");

  it("masks each position with probability p and never an excluded token", () => {
    const mask = values(runKernel("bernoulli_mask", [x()], { p: 0.15, exclude: [0, 1, 2] }, keyed("m")));
    const excludedHits = ids.filter((id, i) => id <= 2 && mask[i]).length;
    expect(excludedHits, "masked excluded tokens").toBe(0);
    const open = ids.flatMap((id, i) => (id > 2 ? [mask[i]!] : []));
    expectRate(open.filter(Boolean).length, open.length, 0.15, "masking rate");
  });
  it("masks whole words together (one draw per row and word id)", () => {
    const words = Array.from({ length: rows * len }, (_, i) => Math.floor((i % len) / 3)); // 3-piece words
    const mask = values(runKernel("bernoulli_mask", [x(), tf.tensor(words, [rows, len], "int32")], { p: 0.3, exclude: [0] }, keyed("w")));
    let [hits, trials] = [0, 0];
    const split: string[] = [];
    for (let r = 0; r < rows; r++)
      for (let start = 0; start < len; start += 3) {
        const pieces = [start, start + 1, start + 2].filter((t) => t < len && ids[r * len + t] !== 0).map((t) => mask[r * len + t]!);
        if (pieces.length === 0) continue;
        if (pieces.some((m) => m !== pieces[0])) split.push(`row ${r}, word ${start / 3}`);
        trials++;
        hits += pieces[0]!;
      }
    expect(split, "words masked in part").toEqual([]);
    expect(ids.filter((id, i) => id === 0 && mask[i]).length, "masked excluded tokens").toBe(0);
    expectRate(hits, trials, 0.3, "word masking rate");
  });
  it("draws the same mask for the same seed, step and key, and a different one otherwise", () => {
    const draw = (opts: KernelRunOptions): number[] => values(runKernel("bernoulli_mask", [x()], { p: 0.5 }, opts));
    const base = draw(keyed("a"));
    expect(draw(keyed("a"))).toEqual(base);
    expect(draw(keyed("b"))).not.toEqual(base);
    expect(draw(keyed("a", 2))).not.toEqual(base);
    expect(draw(keyed("a", 1, 1))).not.toEqual(base);
  });
});

describe("mask_tokens", () => {
  const [rows, len] = [64, 128];
  const original = Array.from({ length: rows * len }, (_, i) => i % 5); // none is mask_id or in [random_min, vocab)
  const chosen = original.map((_, i) => (i % 3 === 0 ? 1 : 0));
  const corrupt = (attrs: Attrs, opts = keyed("t")): number[] =>
    values(runKernel("mask_tokens", [tf.tensor(original, [rows, len], "int32"), tf.tensor(chosen, [rows, len], "bool")], { mask_id: 7, vocab: 1000, random_min: 10, ...attrs }, opts));

  it("keeps unmasked ids and splits masked ones 80/10/10 into [MASK], random ids from [random_min, vocab), and kept", () => {
    const out = corrupt({});
    const [masked, random, kept] = [[] as number[], [] as number[], [] as number[]];
    expect(out.filter((id, i) => !chosen[i] && id !== original[i]).length, "changed unmasked ids").toBe(0);
    out.forEach((id, i) => chosen[i] && (id === 7 ? masked : id === original[i] ? kept : random).push(id));
    const n = masked.length + random.length + kept.length;
    expectRate(masked.length, n, 0.8, "[MASK]");
    expectRate(random.length, n, 0.1, "random");
    expectRate(kept.length, n, 0.1, "kept");
    expect(Math.min(...random)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...random)).toBeLessThan(1000);
    const mean = random.reduce((a, b) => a + b, 0) / random.length;
    expect(Math.abs(mean - 504.5)).toBeLessThan((4 * 990) / Math.sqrt(12 * random.length)); // uniform over [10, 1000)
  });
  it("follows p_mask and p_random, and reproduces by key", () => {
    const out = corrupt({ p_mask: 0.5, p_random: 0.5 });
    const masked = out.filter((id, i) => chosen[i] && id === 7).length;
    const changed = out.filter((id, i) => chosen[i] && id !== 7 && id !== original[i]).length;
    expect(masked + changed).toBe(chosen.filter(Boolean).length);
    expectRate(masked, masked + changed, 0.5, "p_mask 0.5");
    expect(corrupt({})).toEqual(corrupt({}));
    expect(corrupt({}, keyed("u"))).not.toEqual(corrupt({}));
  });
});

describe("patch_block_mask", () => {
  const draw = (batch: number, h: number, w: number, ratio: number, minBlock: number, opts = keyed("p")): Uint8Array[] => {
    const out = values(runKernel("patch_block_mask", [tf.zeros([batch, h * w], "int32")], { grid_h: h, grid_w: w, ratio, min_block: minBlock }, opts));
    return Array.from({ length: batch }, (_, b) => Uint8Array.from(out.slice(b * h * w, (b + 1) * h * w)));
  };
  /** 4-connected regions of masked patches. */
  const regions = (mask: Uint8Array, h: number, w: number): number => {
    const seen = new Uint8Array(mask.length);
    let count = 0;
    for (let start = 0; start < mask.length; start++) {
      if (!mask[start] || seen[start]) continue;
      count++;
      const stack = [start];
      seen[start] = 1;
      while (stack.length) {
        const i = stack.pop()!;
        const [r, c] = [Math.floor(i / w), i % w];
        for (const [rr, cc] of [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]] as const) {
          const j = rr * w + cc;
          if (rr >= 0 && rr < h && cc >= 0 && cc < w && mask[j] && !seen[j]) (seen[j] = 1), stack.push(j);
        }
      }
    }
    return count;
  };

  it("masks about round(ratio·h·w) patches (never more) in a few large blocks, as BEiT (14×14, 40%, min 16)", () => {
    const masks = draw(64, 14, 14, 0.4, 16);
    const target = Math.round(0.4 * 196);
    const counts = masks.map((m) => m.reduce((a, b) => a + b, 0));
    for (const c of counts) expect(c).toBeLessThanOrEqual(target);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeGreaterThan(0.9 * target);
    // Blocks, not scattered patches: an independent 40% mask of 14×14 makes ~20 regions.
    const meanRegions = masks.reduce((a, m) => a + regions(m, 14, 14), 0) / masks.length;
    expect(meanRegions).toBeLessThan(5);
    expect(new Set(masks.map((m) => m.join(""))).size).toBe(64); // every sample draws its own
  });
  it("works on small and non-square grids (the tiny variants: 4×4, min_block 2)", () => {
    for (const m of draw(32, 4, 4, 0.4, 2)) expect(m.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6);
    const wide = draw(16, 6, 10, 0.3, 4);
    expect(wide.reduce((a, m) => a + m.reduce((s, v) => s + v, 0), 0) / 16).toBeGreaterThan(0.8 * 18);
  });
  it("keeps every block strictly smaller than the grid: on a 2-row grid, blocks are one-row strips", () => {
    // Target 4 = min_block: the first block covers 1×4 (done) or 1×3 plus one more patch, so no
    // 2×2 square can be masked; a block as tall as the grid would often be exactly that square.
    const masks = draw(200, 2, 12, 4 / 24, 4);
    const squares = masks.filter((m) => m.some((v, j) => j < 11 && v && m[j + 1] && m[12 + j] && m[13 + j])).length;
    expect(squares).toBe(0);
    for (const m of masks) expect(m.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
    expect(masks.filter((m) => m.reduce((a, b) => a + b, 0) === 4).length).toBeGreaterThan(100); // ~73%: not vacuous
  });
  it("reproduces by seed, step and key", () => {
    const base = draw(4, 14, 14, 0.4, 16).map((m) => m.join(""));
    expect(draw(4, 14, 14, 0.4, 16).map((m) => m.join(""))).toEqual(base);
    expect(draw(4, 14, 14, 0.4, 16, keyed("q")).map((m) => m.join(""))).not.toEqual(base);
    expect(draw(4, 14, 14, 0.4, 16, keyed("p", 1, 5)).map((m) => m.join(""))).not.toEqual(base);
  });
});

describe("multinomial", () => {
  const patterns = [
    [1, 2, 3, 4],
    [0, 0, 5, 0],
    [0.5, 0, 0, 0.5],
  ];
  const rows = 6000;
  const probs = (): Tensor => tf.tensor(Array.from({ length: rows }, (_, r) => patterns[r % 3]!).flat(), [rows, 4]);

  it("draws each index in proportion to its (unnormalised) weight, never a zero-weight one", () => {
    const picks = values(runKernel("multinomial", [probs()], {}, keyed("n")));
    patterns.forEach((weights, k) => {
      const mine = picks.filter((_, r) => r % 3 === k);
      const total = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, c) => {
        const hits = mine.filter((p) => p === c).length;
        if (w === 0) expect(hits, `pattern ${k}, class ${c}`).toBe(0);
        else expectRate(hits, mine.length, w / total, `pattern ${k}, class ${c}`);
      });
    });
  });
  it("reproduces by key and draws uniformly from a row without weight", () => {
    const base = values(runKernel("multinomial", [probs()], {}, keyed("n")));
    expect(values(runKernel("multinomial", [probs()], {}, keyed("n")))).toEqual(base);
    expect(values(runKernel("multinomial", [probs()], {}, keyed("o")))).not.toEqual(base);
    const zero = values(runKernel("multinomial", [tf.zeros([400, 4])], {}, keyed("z")));
    for (let c = 0; c < 4; c++) expectRate(zero.filter((p) => p === c).length, 400, 0.25, `uniform class ${c}`);
  });
});

describe("enqueue", () => {
  it("reads as the queue before the step's write", () => {
    const queue = tf.tensor(Array.from({ length: 12 }, (_, i) => i), [6, 2]);
    const out = runKernel("enqueue", [queue, tf.ones([2, 2])]);
    expect(out.shape).toEqual([6, 2]);
    expect(values(out)).toEqual(values(queue));
  });
});

describe("random ops on wasm", () => {
  it("draw exactly what they draw on cpu (the draws are made on the host)", async () => {
    const x = tf.tensor(Array.from({ length: 256 }, (_, i) => i % 40), [4, 64], "int32");
    const mask = values(runKernel("bernoulli_mask", [x], { p: 0.2, exclude: [0] }, keyed("c")));
    const blocks = values(runKernel("patch_block_mask", [tf.zeros([4, 196], "int32")], { grid_h: 14, grid_w: 14, ratio: 0.4, min_block: 16 }, keyed("c")));
    await onWasm(() => {
      const xw = tf.tensor(Array.from({ length: 256 }, (_, i) => i % 40), [4, 64], "int32");
      expect(values(runKernel("bernoulli_mask", [xw], { p: 0.2, exclude: [0] }, keyed("c")))).toEqual(mask);
      expect(values(runKernel("patch_block_mask", [tf.zeros([4, 196], "int32")], { grid_h: 14, grid_w: 14, ratio: 0.4, min_block: 16 }, keyed("c")))).toEqual(blocks);
    });
  });
});

afterAll(async () => {
  await backend("cpu");
});

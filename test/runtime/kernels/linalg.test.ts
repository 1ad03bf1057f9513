// Kernels of the products (runtime/kernels/linalg/): values against plain float64 JavaScript
// references, gradients from tfjs autodiff against central differences of those references
// (reference.ts `checkOp`, which also asserts that nothing leaks). Everything runs on the cpu
// backend; a few cases run again on wasm, whose kernel set differs (no UnsortedSegmentSum, no
// Conv2DBackpropFilter, a fused matMul that misplaces a bias).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relativePositionIndex } from "../../../compiler/ir/ops/relative-position.js";
import { backend, onWasm, runKernel, tf, values } from "./harness.js";
import { checkOp, expectClose, nd, seeded, tensor, type Nd } from "./reference.js";

type Tensor = tf.Tensor;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const floats = (shape: number[], key: string, lo = -2, hi = 2): Nd => seeded(shape, key, lo, hi);
const ints = (data: number[], shape: number[]): Tensor => tf.tensor(data, shape, "int32");

/** Reads an operand of shape `shape` at an index of the (larger) broadcast shape `full`, NumPy-style. */
function broadcastReader(data: readonly number[], shape: readonly number[], full: readonly number[]): (index: readonly number[]) => number {
  const strides: number[] = new Array(full.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[full.length - shape.length + i] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return (index) => data[index.reduce((acc, x, axis) => acc + x * strides[axis]!, 0)]!;
}


beforeAll(async () => {
  await backend("cpu");
});
afterAll(async () => {
  await backend("cpu");
});

// ---------------------------------------------------------------------------------------------
// References (float64, straight from the definitions)

function linearRef(x: Nd, w: Nd, b?: Nd): Nd {
  const [outF, inF] = w.shape as [number, number];
  const rows = x.data.length / inF;
  const y: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outF; o++) {
      let s = b ? b.data[o]! : 0;
      for (let i = 0; i < inF; i++) s += x.data[r * inF + i]! * w.data[o * inF + i]!;
      y.push(s);
    }
  return nd([...x.shape.slice(0, -1), outF], y);
}

function matmulRef(a: Nd, b: Nd): Nd {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1]!;
  const rank = Math.max(a.shape.length, b.shape.length) - 2;
  const lead = (s: readonly number[]): number[] => [...new Array(rank - (s.length - 2)).fill(1), ...s.slice(0, -2)];
  const batch = lead(a.shape).map((d, i) => Math.max(d, lead(b.shape)[i]!));
  const readA = broadcastReader(a.data, a.shape, [...batch, m, k]);
  const readB = broadcastReader(b.data, b.shape, [...batch, k, n]);
  const y: number[] = [];
  for (let flat = 0; flat < size(batch); flat++) {
    const idx = batch.map((_, i) => Math.floor(flat / size(batch.slice(i + 1))) % batch[i]!);
    for (let r = 0; r < m; r++)
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += readA([...idx, r, j]) * readB([...idx, j, c]);
        y.push(s);
      }
  }
  return nd([...batch, m, n], y);
}

/** torch.nn.functional.conv2d(x, w, b, stride, padding) by its definition. */
function conv2dRef(stride: number, padding: number): (x: Nd, w: Nd, b?: Nd) => Nd {
  return (x, w, b) => {
    const [n, c, h, wd] = x.shape as [number, number, number, number];
    const [o, , kh, kw] = w.shape as [number, number, number, number];
    const oh = Math.floor((h + 2 * padding - kh) / stride) + 1;
    const ow = Math.floor((wd + 2 * padding - kw) / stride) + 1;
    const y: number[] = [];
    for (let b0 = 0; b0 < n; b0++)
      for (let oc = 0; oc < o; oc++)
        for (let i = 0; i < oh; i++)
          for (let j = 0; j < ow; j++) {
            let s = b ? b.data[oc]! : 0;
            for (let ic = 0; ic < c; ic++)
              for (let di = 0; di < kh; di++)
                for (let dj = 0; dj < kw; dj++) {
                  const [yy, xx] = [i * stride - padding + di, j * stride - padding + dj];
                  if (yy >= 0 && yy < h && xx >= 0 && xx < wd) s += x.data[((b0 * c + ic) * h + yy) * wd + xx]! * w.data[((oc * c + ic) * kh + di) * kw + dj]!;
                }
            y.push(s);
          }
    return nd([n, o, oh, ow], y);
  };
}

interface AttentionCase {
  readonly heads: number;
  readonly scale?: number;
  readonly mask?: Nd;
}

/** Multi-head attention from its definition; a rank-3 mask [B, T, S] reads as [B, 1, T, S]. */
function attentionRef({ heads, scale: given, mask }: AttentionCase): (q: Nd, k: Nd, v: Nd, bias?: Nd) => Nd {
  return (q, k, v, bias) => {
    const [B, T, D] = q.shape as [number, number, number];
    const [S, Dv] = [k.shape[1]!, v.shape[2]!];
    const [dh, dv] = [D / heads, Dv / heads];
    const scale = given ?? 1 / Math.sqrt(dh);
    const full = [B, heads, T, S];
    const maskShape = mask && (mask.shape.length === 3 ? [mask.shape[0]!, 1, mask.shape[1]!, mask.shape[2]!] : mask.shape);
    const readMask = mask && broadcastReader(mask.data, maskShape!, full);
    const readBias = bias && broadcastReader(bias.data, bias.shape, full);
    const out = new Array<number>(B * T * Dv).fill(0);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < heads; h++)
        for (let t = 0; t < T; t++) {
          const scores = Array.from({ length: S }, (_, s) => {
            let z = 0;
            for (let d = 0; d < dh; d++) z += q.data[(b * T + t) * D + h * dh + d]! * k.data[(b * S + s) * D + h * dh + d]!;
            z = z * scale + (readBias ? readBias([b, h, t, s]) : 0);
            return readMask && !readMask([b, h, t, s]) ? -1e9 : z;
          });
          const top = Math.max(...scores);
          const e = scores.map((z) => Math.exp(z - top));
          const total = e.reduce((x, y) => x + y, 0);
          for (let d = 0; d < dv; d++) out[(b * T + t) * Dv + h * dv + d] = e.reduce((acc, p, s) => acc + (p / total) * v.data[(b * S + s) * Dv + h * dv + d]!, 0);
        }
    return nd([B, T, Dv], out);
  };
}

// ---------------------------------------------------------------------------------------------

describe("linear", () => {
  it("is x·Wᵀ + b over the last axis, with gradients to x, W and b", () => {
    checkOp("linear", [floats([2, 3, 4], "x"), floats([5, 4], "w"), floats([5], "b")], {}, linearRef);
  });
  it("takes a rank-1 input and no bias", () => {
    checkOp("linear", [floats([4], "x"), floats([3, 4], "w"), undefined], {}, (x, w) => linearRef(x!, w!));
  });
  it("agrees on wasm, whose fused matMul would misplace the bias", async () => {
    await onWasm(() => checkOp("linear", [floats([3, 4], "x"), floats([5, 4], "w"), floats([5], "b")], {}, linearRef));
  });
});

describe("matmul", () => {
  const cases: [string, number[], number[]][] = [
    ["a batched left operand times a matrix", [2, 3, 4], [4, 5]],
    ["equal batches", [2, 3, 4], [2, 4, 5]],
    ["a matrix times a batched right operand", [3, 4], [2, 4, 5]],
    ["batch axes broadcast on both sides", [2, 1, 3, 4], [5, 4, 2]],
  ];
  for (const [name, a, b] of cases) {
    it(`multiplies ${name} (${a.join("×")} @ ${b.join("×")}), gradients summed over broadcast axes`, () => {
      checkOp("matmul", [floats(a, "a"), floats(b, "b")], {}, (x, y) => matmulRef(x!, y!));
    });
  }
  it("agrees on wasm with broadcast batch axes", async () => {
    await onWasm(() => checkOp("matmul", [floats([2, 1, 3, 4], "a"), floats([5, 4, 2], "b")], {}, (x, y) => matmulRef(x!, y!)));
  });
});

describe("conv2d", () => {
  it("patchifies (stride = kernel, no padding) like torch's NCHW convolution", () => {
    checkOp("conv2d", [floats([2, 3, 4, 6], "x"), floats([5, 3, 2, 2], "w"), floats([5], "b")], { stride: 2 }, conv2dRef(2, 0));
  });
  it("drops the rows and columns past the last whole patch", () => {
    checkOp("conv2d", [floats([1, 2, 5, 7], "x"), floats([3, 2, 2, 2], "w"), undefined], { stride: 2 }, conv2dRef(2, 0));
  });
  it("convolves with overlap and zero padding (stride 1 and 2)", () => {
    checkOp("conv2d", [floats([1, 2, 4, 4], "x"), floats([3, 2, 3, 3], "w"), floats([3], "b")], { stride: 1, padding: 1 }, conv2dRef(1, 1));
    checkOp("conv2d", [floats([2, 2, 5, 5], "x2"), floats([2, 2, 3, 3], "w2"), undefined], { stride: 2, padding: 1 }, conv2dRef(2, 1));
  });
  it("trains a patch embedding on wasm (which has no Conv2DBackpropFilter)", async () => {
    await onWasm(() => checkOp("conv2d", [floats([2, 3, 4, 4], "x"), floats([4, 3, 2, 2], "w"), floats([4], "b")], { stride: 2 }, conv2dRef(2, 0)));
  });
  it("convolves with padding on wasm (input gradient only: wasm has no filter gradient)", async () => {
    const w = floats([3, 2, 3, 3], "w");
    await onWasm(() => checkOp("conv2d", [floats([1, 2, 4, 4], "x"), tensor(w), floats([3], "b")], { stride: 1, padding: 1 }, (x, b) => conv2dRef(1, 1)(x!, w, b)));
  });
});

describe("embedding", () => {
  const ids = [3, 0, 3, 4, 1, 3];
  const lookup = (table: Nd): Nd => nd([2, 3, 4], ids.flatMap((id) => table.data.slice(id * 4, id * 4 + 4)));
  it("looks rows up and sums the gradient of repeated ids into the table", () => {
    checkOp("embedding", [ints(ids, [2, 3]), floats([5, 4], "table")], {}, (t) => lookup(t!));
  });
  it("trains on wasm (which has no UnsortedSegmentSum)", async () => {
    await onWasm(() => checkOp("embedding", [ints(ids, [2, 3]), floats([5, 4], "table")], {}, (t) => lookup(t!)));
  });
});

describe("attention", () => {
  const [B, T, S, D, Dv] = [2, 3, 4, 4, 6];
  const qkv = (t = T, s = S, d = D, dv = Dv, b = B): Nd[] => [floats([b, t, d], "q"), floats([b, s, d], "k"), floats([b, s, dv], "v")];
  const causal = nd([4, 4], Array.from({ length: 16 }, (_, i) => (i % 4 <= Math.floor(i / 4) ? 1 : 0)));
  const lengths = [4, 2];
  const padding = nd([B, T, S], Array.from({ length: B * T * S }, (_, i) => (i % S < lengths[Math.floor(i / (T * S))]! ? 1 : 0)));
  const check = (inputs: (Nd | Tensor | undefined)[], c: AttentionCase): void =>
    checkOp("attention", inputs, { heads: c.heads, ...(c.scale ? { scale: c.scale } : {}) }, (q, k, v, bias) => attentionRef(c)(q!, k!, v!, bias));

  it("splits heads, scales by 1/√(D/heads) and weights the values (no mask)", () => {
    check(qkv(), { heads: 2 });
  });
  it("applies a causal [T, S] mask", () => {
    check([...qkv(4), tensor(causal, "bool")], { heads: 2, mask: causal });
  });
  it("reads a rank-3 padding mask [B, T, S] as one mask for every head", () => {
    check([...qkv(), tensor(padding, "bool")], { heads: 2, mask: padding });
  });
  it("broadcasts rank-4 masks: key padding [B, 1, 1, S] and per-head [1, heads, T, S]", () => {
    const keys = nd([B, 1, 1, S], [1, 1, 0, 1, 1, 0, 1, 1]);
    check([...qkv(), tensor(keys, "bool")], { heads: 2, mask: keys });
    const perHead = nd([1, 2, T, S], Array.from({ length: 2 * T * S }, (_, i) => ((i * 7) % 5 === 0 ? 0 : 1)));
    check([...qkv(), tensor(perHead, "bool")], { heads: 2, mask: perHead });
  });
  it("adds a float bias [heads, T, S] (relative positions) under a mask, with its gradient", () => {
    check([...qkv(4), tensor(causal, "bool"), floats([2, 4, 4], "bias")], { heads: 2, mask: causal });
  });
  it("uses an explicit scale and unequal query/value widths", () => {
    check(qkv(2, 5, 6, 3, 1), { heads: 3, scale: 0.3 });
  });
  it("attends uniformly from a fully masked row instead of producing NaN", () => {
    const mask = nd([T, S], [0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]);
    check([...qkv(), tensor(mask, "bool")], { heads: 2, mask });
    const [q, k, v] = qkv().map((x) => tensor(x));
    const out = runKernel("attention", [q, k, v, tensor(mask, "bool")], { heads: 2 });
    const meanOfValues = Array.from({ length: B * Dv }, (_, i) => {
      const [b, d] = [Math.floor(i / Dv), i % Dv];
      return Array.from({ length: S }, (_, s) => v!.dataSync()[(b * S + s) * Dv + d]!).reduce((x, y) => x + y, 0) / S;
    });
    expectClose(tf.slice(out, [0, 0, 0], [B, 1, Dv]), nd([B, 1, Dv], meanOfValues), {}, "fully masked row");
  });
  it("drops attention probabilities in training only, reproducibly, at rate p with 1/(1 − p) scaling", () => {
    // One head and v = I make the output the (dropped-out) probabilities themselves.
    const [t, s] = [64, 32];
    const q = tensor(floats([1, t, 8], "dq", -0.5, 0.5));
    const k = tensor(floats([1, s, 8], "dk", -0.5, 0.5));
    const v = tf.reshape(tf.eye(s), [1, s, s]);
    const attrs = { heads: 1, dropout: 0.25 };
    const run = (training: boolean, seed = 3): number[] => values(runKernel("attention", [q, k, v], attrs, { training, seed }));
    const [evalOut, trainOut] = [run(false), run(true)];
    expect(run(true)).toEqual(trainOut);
    expect(run(true, 4)).not.toEqual(trainOut);
    const kept = evalOut.flatMap((p, i) => (trainOut[i] === 0 ? [] : [trainOut[i]! / p]));
    for (const ratio of kept) expect(ratio).toBeCloseTo(1 / 0.75, 4);
    const n = evalOut.length;
    expect(Math.abs(1 - kept.length / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
  });
  it("agrees on wasm, gradients included, with a padding mask and a bias", async () => {
    await onWasm(() => check([...qkv(), tensor(padding, "bool"), floats([2, T, S], "bias")], { heads: 2, mask: padding }));
  });
});

describe("relative_position_bias", () => {
  // relative_position_index for a 2×3 grid, printed by microsoft/unilm beit/modeling_finetune.py's
  // construction (run in PyTorch 1.13): row 0 is the class token's, column 0 every token's to it.
  const beit2x3 = [
    [17, 15, 15, 15, 15, 15, 15],
    [16, 7, 6, 5, 2, 1, 0],
    [16, 8, 7, 6, 3, 2, 1],
    [16, 9, 8, 7, 4, 3, 2],
    [16, 12, 11, 10, 7, 6, 5],
    [16, 13, 12, 11, 8, 7, 6],
    [16, 14, 13, 12, 9, 8, 7],
  ];
  it("builds BEiT's relative_position_index", () => {
    expect(Array.from(relativePositionIndex(2, 3))).toEqual(beit2x3.flat());
  });
  it("gathers table[index, head] into [heads, N, N], with the gradient accumulated per table row", () => {
    const heads = 2;
    const gathered = (table: Nd): Nd => nd([heads, 7, 7], Array.from({ length: heads }, (_, h) => beit2x3.flat().map((row) => table.data[row * heads + h]!)).flat());
    checkOp("relative_position_bias", [floats([18, heads], "table")], { grid_h: 2, grid_w: 3 }, (t) => gathered(t!));
  });
  it("reads mirrored rows for opposite offsets on a square grid, and the centre row for a patch to itself", () => {
    const index = relativePositionIndex(14, 14);
    const [n, rows] = [197, 27 * 27];
    for (let i = 1; i < n; i += 13) for (let j = 1; j < n; j += 7) expect(index[i * n + j]! + index[j * n + i]!).toBe(rows - 1);
    expect(index[n + 1]).toBe((rows - 1) / 2);
  });
});

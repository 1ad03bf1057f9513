// Layout kernels: exact values against plain-JS index arithmetic, every dtype kept, Python-style
// negative bounds, and gradients by central differences (gather's scatter-add with repeated
// indices included). Gathers and slices run again on the wasm backend, which lacks the kernel
// tfjs's own gather gradient needs.
import { beforeAll, describe, expect, it } from "vitest";
import { backend, runKernel, tf, values } from "./harness.js";
import { Dim } from "../../../compiler/shapes/dim.js";
import { checkOp, nd, runWithSymbols, seeded, tensor, type Nd } from "./reference.js";

const i32 = (shape: number[], data: number[]) => tf.tensor(data, shape, "int32");
const iota = (shape: number[]) => nd(shape, Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => i));

/** The element of x at a multi-index. */
function at(x: Nd, coords: readonly number[]): number {
  let flat = 0;
  coords.forEach((c, d) => (flat = flat * x.shape[d]! + c));
  return x.data[flat]!;
}

/** Builds an Nd of `shape` whose element at each multi-index is f(index). */
function build(shape: readonly number[], f: (coords: number[]) => number): Nd {
  const size = shape.reduce((a, d) => a * d, 1);
  return nd(
    shape,
    Array.from({ length: size }, (_, i) => {
      const coords: number[] = [];
      for (let d = shape.length - 1, r = i; d >= 0; d--) {
        coords.unshift(r % shape[d]!);
        r = Math.floor(r / shape[d]!);
      }
      return f(coords);
    }),
  );
}

const permuted = (x: Nd, perm: number[]) => build(perm.map((p) => x.shape[p]!), (c) => at(x, perm.map((_, k) => c[perm.indexOf(k)]!)));
const reshaped = (x: Nd, shape: number[]) => nd(shape, x.data);

beforeAll(() => backend("cpu"));

describe("reshape / flatten / unsqueeze / squeeze", () => {
  const X = seeded([2, 3, 4], "r");
  it("reshape keeps row-major order, infers one -1, differentiates", () => {
    checkOp("reshape", [X], { shape: [4, -1] }, (x) => reshaped(x!, [4, 6]));
    expect(values(runKernel("reshape", [i32([2, 2], [1, 2, 3, 4])], { shape: [4] }))).toEqual([1, 2, 3, 4]);
  });
  it("flatten merges start..end inclusive (default: all)", () => {
    checkOp("flatten", [X], { start: 1, end: 2 }, (x) => reshaped(x!, [2, 12]));
    expect(runKernel("flatten", [tf.zeros([2, 3, 4, 5])], { start: -3, end: -2 }).shape).toEqual([2, 12, 5]);
    expect(runKernel("flatten", [tf.zeros([2, 3, 4])]).shape).toEqual([24]);
  });
  it("unsqueeze inserts a 1 (negative axes count from the end of the result); squeeze removes it", () => {
    expect(runKernel("unsqueeze", [tf.zeros([2, 3])], { axis: -1 }).shape).toEqual([2, 3, 1]);
    expect(runKernel("unsqueeze", [tf.zeros([2, 3])], { axis: 1 }).shape).toEqual([2, 1, 3]);
    checkOp("squeeze", [seeded([2, 1, 3], "sq")], { axis: 1 }, (x) => reshaped(x!, [2, 3]));
    expect(runKernel("squeeze", [tf.tensor([true], [1, 1], "bool")], { axis: 0 }).dtype).toBe("bool");
  });
});

describe("transpose / permute", () => {
  const X = seeded([2, 3, 4], "t");
  it("transpose swaps the last two axes by default, or any two", () => {
    checkOp("transpose", [X], {}, (x) => permuted(x!, [0, 2, 1]));
    checkOp("transpose", [X], { a: 0, b: -1 }, (x) => permuted(x!, [2, 1, 0]));
  });
  it("transposing an axis with itself returns x", () => {
    const x = tf.zeros([2, 3]);
    expect(runKernel("transpose", [x], { a: 1, b: -1 })).toBe(x);
  });
  it("permute reorders axes (negative allowed)", () => {
    checkOp("permute", [X], { axes: [2, 0, 1] }, (x) => permuted(x!, [2, 0, 1]));
    checkOp("permute", [seeded([2, 3, 2, 2], "p4")], { axes: [0, -2, 1, -1] }, (x) => permuted(x!, [0, 2, 1, 3]));
    expect(values(runKernel("permute", [i32([2, 2], [1, 2, 3, 4])], { axes: [1, 0] }))).toEqual([1, 3, 2, 4]);
  });
});

describe("concat", () => {
  it("joins along an axis; the gradient splits back", () => {
    const a = seeded([2, 1, 3], "c1");
    const b = seeded([2, 2, 3], "c2");
    checkOp("concat", [a, b], { axis: 1 }, (x, y) => build([2, 3, 3], ([i, j, k]) => (j! < 1 ? at(x!, [i!, j!, k!]) : at(y!, [i!, j! - 1, k!]))));
  });
  it("keeps integers; one tensor is returned as is", () => {
    expect(values(runKernel("concat", [i32([2], [1, 2]), i32([1], [3])]))).toEqual([1, 2, 3]);
    const x = tf.zeros([2]);
    expect(runKernel("concat", [x])).toBe(x);
  });
});

describe("slice / select", () => {
  const X = seeded([3, 5], "s");
  it("slice x[start:end] on an axis, negative bounds from the end, with gradient", () => {
    checkOp("slice", [X], { axis: 1, start: 1, end: 4 }, (x) => build([3, 3], ([i, j]) => at(x!, [i!, j! + 1])));
    checkOp("slice", [X], { axis: -1, start: -3, end: -1 }, (x) => build([3, 2], ([i, j]) => at(x!, [i!, j! + 2])));
    checkOp("slice", [X], { axis: 0, start: 2, end: 3 }, (x) => build([1, 5], ([, j]) => at(x!, [2, j!])));
  });
  it("the whole axis returns x; empty slices work", () => {
    const x = tf.zeros([3, 5]);
    expect(runKernel("slice", [x], { axis: 1, start: 0, end: 5 })).toBe(x);
    expect(runKernel("slice", [x], { axis: 1, start: 2, end: 2 }).shape).toEqual([3, 0]);
  });
  it("select removes the axis; negative index from the end", () => {
    checkOp("select", [X], { axis: 1, index: 0 }, (x) => build([3], ([i]) => at(x!, [i!, 0])));
    checkOp("select", [X], { axis: 0, index: -1 }, (x) => build([5], ([j]) => at(x!, [2, j!])));
    expect(values(runKernel("select", [i32([2, 2], [1, 2, 3, 4])], { axis: 1, index: 1 }))).toEqual([2, 4]);
  });
});

describe("gather", () => {
  const X = seeded([3, 4], "g");
  it("index-selects along an axis; repeated indices accumulate their gradients", () => {
    checkOp("gather", [X, i32([4], [2, 0, 2, 2])], { axis: 0 }, (x) => build([4, 4], ([k, j]) => at(x!, [[2, 0, 2, 2][k!]!, j!])));
    checkOp("gather", [X, i32([2, 2], [3, 3, 0, 1])], { axis: 1 }, (x) => build([3, 2, 2], ([i, a, b]) => at(x!, [i!, [3, 3, 0, 1][a! * 2 + b!]!])));
  });
  it("on a middle axis and on integers", () => {
    const X3 = seeded([2, 3, 2], "g3");
    checkOp("gather", [X3, i32([2], [1, 1])], { axis: 1 }, (x) => build([2, 2, 2], ([i, , k]) => at(x!, [i!, 1, k!])));
    expect(values(runKernel("gather", [i32([3], [10, 20, 30]), i32([2], [2, 0])]))).toEqual([30, 10]);
  });
});

describe("take_at", () => {
  it("takes x[b, positions[b]] per row (negative positions from the end), with gradient", () => {
    const pos = [3, 0, -1];
    checkOp("take_at", [seeded([3, 4, 2], "ta"), i32([3], pos)], {}, (x) => build([3, 2], ([b, d]) => at(x!, [b!, (pos[b!]! + 4) % 4, d!])));
    expect(values(runKernel("take_at", [i32([2, 3], [1, 2, 3, 4, 5, 6]), i32([2], [2, 0])]))).toEqual([3, 4]);
  });
});

describe("broadcast_to", () => {
  it("broadcasts NumPy-style; the gradient sums back, also at rank 5", () => {
    checkOp("broadcast_to", [seeded([3], "b")], { shape: [2, 4, 3] }, (x) => build([2, 4, 3], ([, , k]) => at(x!, [k!])));
    checkOp("broadcast_to", [seeded([2, 1, 1, 1, 1], "b5")], { shape: [2, 1, 2, 1, 3] }, (x) => build([2, 1, 2, 1, 3], ([a]) => at(x!, [a!, 0, 0, 0, 0])));
  });
  it("the same shape returns x; bools broadcast", () => {
    const x = tf.zeros([2, 3]);
    expect(runKernel("broadcast_to", [x], { shape: [2, 3] })).toBe(x);
    expect(values(runKernel("broadcast_to", [tf.tensor([true, false], [2, 1], "bool")], { shape: [2, 2] }))).toEqual([1, 1, 0, 0]);
  });
});

describe("one_hot", () => {
  it("indices[...] → [..., depth] of the requested dtype; out-of-range rows are zero", () => {
    const idx = i32([2, 2], [0, 3, 1, 5]);
    const expected = [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0];
    for (const [dtype, tfType] of [["f32", "float32"], ["i32", "int32"], ["bool", "bool"]] as const) {
      const out = runKernel("one_hot", [idx], { depth: 4, dtype });
      expect([out.dtype, ...out.shape, ...values(out)]).toEqual([tfType, 2, 2, 4, ...expected]);
    }
  });
});

describe("fill_diagonal", () => {
  it("sets x[..., i, i] on the last two axes (non-square), gradient 0 there", () => {
    checkOp("fill_diagonal", [seeded([2, 2, 3], "fd")], { value: -5 }, (x) => build([2, 2, 3], ([b, i, j]) => (i === j ? -5 : at(x!, [b!, i!, j!]))));
    checkOp("fill_diagonal", [seeded([4, 2], "fd2")], {}, (x) => build([4, 2], ([i, j]) => (i === j ? 0 : at(x!, [i!, j!]))));
  });
  it("integers and bools", () => {
    expect(values(runKernel("fill_diagonal", [i32([2, 2], [1, 2, 3, 4])], { value: 9 }))).toEqual([9, 2, 3, 9]);
    expect(values(runKernel("fill_diagonal", [tf.ones([2, 2], "bool")]))).toEqual([0, 1, 1, 0]);
  });
});

describe("padding_mask", () => {
  it("[B, S] validity (nonzero = real) → bool [B, 1, S]", () => {
    for (const valid of [i32([2, 3], [1, 1, 0, 1, 0, 0]), tf.tensor([1, 0.5, 0, 2, 0, 0], [2, 3]), tf.tensor([1, 1, 0, 1, 0, 0], [2, 3], "bool")]) {
      const out = runKernel("padding_mask", [valid]);
      expect([out.dtype, ...out.shape, ...values(out)]).toEqual(["bool", 2, 1, 3, 1, 1, 0, 1, 0, 0]);
    }
  });
});

describe("dims given as symbols", () => {
  const T = Dim.sym("T");
  const bind = { T: 3 };
  it("reshape, slice, select, broadcast_to and one_hot read them with the run's bindings", () => {
    const x = tensor(iota([2, 6]));
    expect(runWithSymbols("reshape", [x], { shape: [Dim.of(-1), T] }, bind).shape).toEqual([4, 3]);
    expect(values(runWithSymbols("slice", [x], { axis: 1, start: T.sub(Dim.of(1)), end: T.add(Dim.of(1)) }, bind))).toEqual([2, 3, 8, 9]);
    expect(values(runWithSymbols("select", [x], { axis: 1, index: T }, bind))).toEqual([3, 9]);
    expect(runWithSymbols("broadcast_to", [tf.zeros([1])], { shape: [T, Dim.of(2)] }, bind).shape).toEqual([3, 2]);
    expect(runWithSymbols("one_hot", [i32([1], [2])], { depth: T.mul(Dim.of(2)) }, bind).shape).toEqual([1, 6]);
  });
});

describe("on the wasm backend", () => {
  beforeAll(() => backend("wasm"));
  it("runs on wasm", () => expect(tf.getBackend()).toBe("wasm"));
  it("gather and take_at differentiate (tfjs's own gather gradient needs a kernel wasm lacks)", () => {
    checkOp("gather", [seeded([3, 4], "wg"), i32([3], [1, 1, 2])], { axis: 1 }, (x) => build([3, 3], ([i, k]) => at(x!, [i!, [1, 1, 2][k!]!])));
    checkOp("take_at", [seeded([2, 3, 2], "wt"), i32([2], [2, 1])], {}, (x) => build([2, 2], ([b, d]) => at(x!, [b!, [2, 1][b!]!, d!])));
  });
  it("slice, select, concat, permute, one_hot and fill_diagonal", () => {
    const X = iota([2, 3, 4]);
    checkOp("slice", [X], { axis: 2, start: 1, end: -1 }, (x) => build([2, 3, 2], ([i, j, k]) => at(x!, [i!, j!, k! + 1])));
    checkOp("select", [X], { axis: 1, index: -1 }, (x) => build([2, 4], ([i, k]) => at(x!, [i!, 2, k!])));
    checkOp("concat", [X, X], { axis: 0 }, (a, b) => nd([4, 3, 4], [...a!.data, ...b!.data]));
    checkOp("permute", [seeded([2, 3, 2, 2], "wp")], { axes: [0, 2, 1, 3] }, (x) => permuted(x!, [0, 2, 1, 3]));
    expect(values(runKernel("one_hot", [i32([2], [2, 0])], { depth: 3 }))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(values(runKernel("fill_diagonal", [tensor(iota([2, 3]))], { value: -1 }))).toEqual([-1, 1, 2, 3, -1, 5]);
  });
});

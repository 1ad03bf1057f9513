// Source kernels: constants, ranges and masks made from attributes, exactly; dims given as
// symbols are read with the run's bindings; inputs, parameters and buffers read their tensors.
import { beforeAll, describe, expect, it } from "vitest";
import { Dim } from "../../../compiler/shapes/dim.js";
import { backend, runKernel, tf, values } from "./harness.js";
import { runWithSymbols } from "./reference.js";

const B = Dim.sym("B");
const T = Dim.sym("T");

/** A square bool mask as rows of 0/1, for readable expectations. */
function rows(t: tf.Tensor): string[] {
  const v = values(t);
  const n = t.shape[0]!;
  return Array.from({ length: n }, (_, i) => v.slice(i * n, i * n + n).join(""));
}

beforeAll(() => backend("cpu"));

describe("input / param / buffer / constant", () => {
  it("read the tensor of their name; a constant is a scalar of its dtype", () => {
    const x = tf.zeros([2]);
    const shape = [Dim.of(2)];
    for (const op of ["input", "param", "buffer"]) expect(runKernel(op, [], { name: "x", dtype: "f32", shape }, { sources: { x } })).toBe(x);
    const c = runKernel("constant", [], { value: 2.5, dtype: "f32" });
    expect([c.dtype, c.rank, ...values(c)]).toEqual(["float32", 0, 2.5]);
  });
});

describe("full", () => {
  it("fills the shape with the value in the requested dtype", () => {
    const out = runKernel("full", [], { shape: [2, 3], value: 1.5 });
    expect([out.dtype, ...out.shape, ...values(out)]).toEqual(["float32", 2, 3, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(values(runKernel("full", [], { shape: [2], value: -100, dtype: "i32" }))).toEqual([-100, -100]);
    expect(runKernel("full", [], { shape: [], value: 3 }).shape).toEqual([]);
  });
  it("truncates toward zero for integers and means nonzero for bool (torch.full)", () => {
    expect(values(runKernel("full", [], { shape: [1], value: -2.7, dtype: "i32" }))).toEqual([-2]);
    const mask = runKernel("full", [], { shape: [2], value: 1, dtype: "bool" });
    expect([mask.dtype, ...values(mask)]).toEqual(["bool", 1, 1]);
    expect(values(runKernel("full", [], { shape: [1], value: 0, dtype: "bool" }))).toEqual([0]);
  });
  it("reads a symbolic shape with the run's bindings", () => {
    expect(runWithSymbols("full", [], { shape: [B, T.add(Dim.of(1))], value: 7 }, { B: 2, T: 3 }).shape).toEqual([2, 4]);
  });
});

describe("arange", () => {
  it("0 … n − 1 as int32, n possibly symbolic", () => {
    const out = runKernel("arange", [], { n: 4 });
    expect([out.dtype, ...values(out)]).toEqual(["int32", 0, 1, 2, 3]);
    expect(values(runWithSymbols("arange", [], { n: B.mul(Dim.of(2)) }, { B: 2 }, "i32"))).toEqual([0, 1, 2, 3]);
  });
});

describe("causal_mask", () => {
  it("bool [n, n], true where j ≤ i", () => {
    const out = runKernel("causal_mask", [], { n: 4 });
    expect(out.dtype).toBe("bool");
    expect(rows(out)).toEqual(["1000", "1100", "1110", "1111"]);
    expect(rows(runWithSymbols("causal_mask", [], { n: T }, { T: 2 }, "bool"))).toEqual(["10", "11"]);
  });
});

describe("block_mask", () => {
  it("image bidirectional, text causal and seeing every image token", () => {
    const out = runKernel("block_mask", [], {
      sizes: [2, 3],
      pattern: [
        ["full", "none"],
        ["full", "causal"],
      ],
    });
    expect([out.dtype, ...out.shape]).toEqual(["bool", 5, 5]);
    expect(rows(out)).toEqual(["11000", "11000", "11100", "11110", "11111"]);
  });
  it("three segments with every kind, sizes symbolic", () => {
    const out = runWithSymbols(
      "block_mask",
      [],
      {
        sizes: [Dim.of(1), T, Dim.of(2)],
        pattern: [
          ["causal", "full", "none"],
          ["none", "full", "full"],
          ["full", "none", "causal"],
        ],
      },
      { T: 2 },
      "bool",
    );
    expect(rows(out)).toEqual(["11100", "01111", "01111", "10010", "10011"]);
  });
});

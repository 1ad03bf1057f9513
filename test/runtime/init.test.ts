// Queue initialisation on the host: `unit_normal` (runtime/init.ts) makes every row — one queue
// entry — a random unit vector drawn from the tensor's own seeded stream, so a run starts from
// the same queue every time and a queue's start does not depend on which other tensors exist.
// The spec's `init:` reaches the buffer through the compiler unchanged.
import { describe, expect, it } from "vitest";
import { initialValue } from "../../runtime/init.js";
import { compileSource } from "../harness.js";

const UNIT = { kind: "unit_normal", args: {} };

/** The L2 norm of each row (along the last axis) of a row-major tensor. */
function rowNorms(data: ArrayLike<number>, width: number): number[] {
  const out: number[] = [];
  for (let row = 0; row < data.length; row += width) {
    let s = 0;
    for (let j = 0; j < width; j++) s += data[row + j]! ** 2;
    out.push(Math.sqrt(s));
  }
  return out;
}

describe("unit_normal", () => {
  it("makes every row a unit vector, for any rank", () => {
    for (const shape of [[64, 16], [2, 3, 5], [7]]) {
      const t = initialValue("image_queue", "f32", shape, UNIT, 42);
      const norms = rowNorms(t.data, shape[shape.length - 1]!);
      expect(norms.length).toBe(shape.slice(0, -1).reduce((a, b) => a * b, 1));
      for (const n of norms) expect(n).toBeCloseTo(1, 5);
    }
  });

  it("points the rows in random directions, not one", () => {
    const [size, dim] = [256, 16];
    const { data } = initialValue("image_queue", "f32", [size, dim], UNIT, 7);
    // Distinct rows of N(0, I) directions are nearly orthogonal on average: E[cos] = 0 and
    // E[cos²] = 1/dim. A constant or repeated row would give cos near 1.
    let sum = 0;
    let sumSq = 0;
    let pairs = 0;
    for (let a = 0; a < size; a += 3) {
      for (let b = a + 1; b < size; b += 5) {
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += data[a * dim + j]! * data[b * dim + j]!;
        sum += dot;
        sumSq += dot * dot;
        pairs++;
      }
    }
    expect(Math.abs(sum / pairs)).toBeLessThan(0.03);
    expect(sumSq / pairs).toBeGreaterThan(0.5 / dim);
    expect(sumSq / pairs).toBeLessThan(2 / dim);
  });

  it("is reproduced from the seed and the tensor's name alone", () => {
    const a = initialValue("text_queue", "f32", [32, 8], UNIT, 3);
    expect(initialValue("text_queue", "f32", [32, 8], UNIT, 3).data).toEqual(a.data);
    expect(initialValue("text_queue", "f32", [32, 8], UNIT, 4).data).not.toEqual(a.data);
    expect(initialValue("image_queue", "f32", [32, 8], UNIT, 3).data).not.toEqual(a.data);
  });
});

describe("queue(…, init: …)", () => {
  const source = `
model Queues {
  input x: f32[B, 8]
  default_rows = queue(32, 8)
  unit_rows = queue(32, 8, init: unit_normal)
  small = queue(32, 8, init: normal(std: 0.5))
  labels = queue(32, 1, dtype: "i32", init: constant(-1))
  objective o = mean(x) + mean(default_rows) + mean(unit_rows) + mean(small)
}`;

  it("gives the buffer the initialiser the spec names, unit_normal by default", () => {
    const { ir, diagnostics } = compileSource(source);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const init = (name: string): unknown => ir!.buffers.get(name)?.init;
    expect(init("default_rows")).toEqual(UNIT);
    expect(init("unit_rows")).toEqual(UNIT);
    expect(init("small")).toEqual({ kind: "normal", args: { std: 0.5, mean: 0 } });
    expect(init("labels")).toEqual({ kind: "constant", args: { value: -1 } });
    expect(ir!.buffers.get("labels")?.dtype).toBe("i32");
    // The pointer is not the queue: it starts at row 0 whatever the rows start from.
    expect(init("unit_rows.ptr")).toEqual({ kind: "zeros", args: {} });
    const b = ir!.buffers.get("unit_rows")!;
    for (const n of rowNorms(initialValue(b.name, b.dtype, b.shape, b.init, 1).data, 8)) expect(n).toBeCloseTo(1, 5);
  });

  it("refuses a real-valued start for an integer queue", () => {
    const { diagnostics } = compileSource(source.replace("init: constant(-1)", "init: normal(std: 1)"));
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["VLM2010"]);
  });
});

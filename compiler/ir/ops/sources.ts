// Ops that bring values into the graph: inputs, parameters, buffers, constants, ranges, masks.
import { Dim } from "../../shapes/dim.js";
import type { DType, TensorType } from "../types.js";
import { attrDim, attrDims, noFlops, ShapeFault, type OpDef } from "./def.js";

function declared(attrs: Readonly<Record<string, unknown>>): TensorType {
  const shape = attrs["shape"];
  const dtype = attrs["dtype"];
  if (!Array.isArray(shape) || typeof dtype !== "string") throw new ShapeFault("attr", "source op needs dtype and shape");
  return { dtype: dtype as DType, shape: shape as Dim[] };
}

const sourceAttrs = [
  { name: "name", kind: "str" },
  { name: "dtype", kind: "dtype" },
  { name: "shape", kind: "dims" },
] as const;

export const sourceOps: OpDef[] = [
  { name: "input", doc: "A model input.", inputs: [], attrs: sourceAttrs, shape: (_, a) => declared(a), flops: noFlops, source: true },
  { name: "param", doc: "Reads a learnable parameter (by canonical name).", inputs: [], attrs: sourceAttrs, shape: (_, a) => declared(a), flops: noFlops, source: true },
  {
    name: "buffer",
    doc: "Reads a non-learned state tensor, e.g. a feature queue.",
    inputs: [],
    attrs: sourceAttrs,
    shape: (_, a) => declared(a),
    flops: noFlops,
    source: true,
    blocksGradient: true,
  },
  {
    name: "constant",
    doc: "A scalar constant.",
    inputs: [],
    attrs: [
      { name: "value", kind: "float" },
      { name: "dtype", kind: "dtype" },
    ],
    shape: (_, a) => ({ dtype: a["dtype"] as DType, shape: [] }),
    flops: noFlops,
    source: true,
  },
  {
    name: "full",
    doc: "A tensor of the given shape filled with one value (zeros, ones).",
    inputs: [],
    attrs: [
      { name: "shape", kind: "dims" },
      { name: "value", kind: "float", default: 0 },
      { name: "dtype", kind: "dtype", default: "f32" },
    ],
    shape: (_, a) => ({ dtype: a["dtype"] as DType, shape: attrDims(a, "shape") }),
    flops: noFlops,
    source: true,
  },
  {
    // `loss / B`, `float(T)`: an input dimension has no value until the model runs, so where a
    // scalar tensor can take its place the elaborator reads it here (compiler/elaborate/expr.ts).
    name: "dim_value",
    doc: "The value of a (symbolic) dimension at run time, as a scalar of the given dtype.",
    inputs: [],
    attrs: [
      { name: "dim", kind: "dim" },
      { name: "dtype", kind: "dtype", default: "f32" },
    ],
    shape: (_, a) => ({ dtype: a["dtype"] as DType, shape: [] }),
    flops: noFlops,
    source: true,
  },
  {
    name: "arange",
    doc: "0, 1, …, n-1 as i32[n].",
    inputs: [],
    attrs: [{ name: "n", kind: "dim" }],
    shape: (_, a) => ({ dtype: "i32", shape: [attrDim(a, "n")] }),
    flops: noFlops,
    source: true,
  },
  {
    name: "causal_mask",
    doc: "bool[n, n], true where query i may attend to key j (j <= i).",
    inputs: [],
    attrs: [{ name: "n", kind: "dim" }],
    shape: (_, a) => {
      const d = attrDim(a, "n");
      return { dtype: "bool", shape: [d, d] };
    },
    flops: noFlops,
    source: true,
  },
  {
    name: "block_mask",
    doc:
      "bool[S, S] for a sequence made of segments of the given sizes; pattern[i][j] says how segment i attends to " +
      'segment j: "full", "none" or "causal" (e.g. image bidirectional, text causal and seeing all image tokens).',
    inputs: [],
    attrs: [
      { name: "sizes", kind: "dims" },
      { name: "pattern", kind: "pattern" },
    ],
    shape: (_, a) => {
      const sizes = attrDims(a, "sizes");
      const pattern = a["pattern"];
      if (!Array.isArray(pattern) || pattern.length !== sizes.length) {
        throw new ShapeFault("attr", `block_mask: pattern must have one row per segment (${sizes.length})`);
      }
      pattern.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== sizes.length) {
          throw new ShapeFault("attr", `block_mask: pattern row ${i} must have ${sizes.length} entries`);
        }
        for (const cell of row) {
          if (cell !== "full" && cell !== "none" && cell !== "causal") {
            throw new ShapeFault("attr", `block_mask: pattern entries are "full", "none" or "causal", not ${JSON.stringify(cell)}`);
          }
        }
      });
      pattern.forEach((row, i) =>
        (row as readonly unknown[]).forEach((cell, j) => {
          if (cell === "causal" && i !== j) throw new ShapeFault("attr", `block_mask: "causal" only makes sense on the diagonal (segment ${i} → ${j})`);
        }),
      );
      const total = sizes.reduce((acc, d) => acc.add(d), Dim.of(0));
      return { dtype: "bool", shape: [total, total] };
    },
    flops: noFlops,
    source: true,
  },
];

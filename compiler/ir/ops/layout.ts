// Ops that move data without arithmetic: reshape, transpose, concat, slicing, gathering,
// broadcasting, one-hot and padding masks. No FLOPs.
import { Dim, numel, shapeString } from "../../shapes/dim.js";
import { isInt, type DType, type TensorType } from "../types.js";
import {
  attrDim,
  attrDims,
  attrNum,
  axis,
  broadcast,
  dimGuard,
  expectDim,
  expectDtype,
  expectMinRank,
  noFlops,
  req,
  ShapeFault,
  type OpDef,
} from "./def.js";

/** Resolves a possibly negative constant bound against a dim (Python slice semantics, no clamping). */
function bound(b: Dim, size: Dim): Dim {
  const v = b.value;
  return v !== undefined && v < 0 ? size.add(b) : b;
}

/** `written` is the index as the user wrote it (possibly negative), for the message. */
function checkWithin(i: Dim, size: Dim, what: string, inclusiveEnd: boolean, written: Dim = i): void {
  const low = i.compare(Dim.of(0));
  const high = i.compare(size);
  if (low === -1 || high === 1 || (!inclusiveEnd && high === 0)) {
    throw new ShapeFault("index", `${what} ${written} is out of range for an axis of size ${size}`, [0]);
  }
}

/**
 * torch.topk's two results as two ops, since an IR node has one output: a spec asks for the one
 * it needs, and asking for both computes the selection twice (cheap next to what feeds it).
 * Ties go to the lower index; the values' gradient flows to the selected elements.
 */
function topk(name: "topk_values" | "topk_indices", doc: string): OpDef {
  return {
    name,
    doc,
    inputs: [{ name: "x" }],
    attrs: [{ name: "k", kind: "dim" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectDtype(x, (d) => d !== "bool", `${name} input`, 0, "numeric");
      if (x.shape.length === 0) throw new ShapeFault("rank", `${name} needs a tensor with at least one axis, not a scalar`, [0]);
      const k = attrDim(attrs, "k");
      const n = x.shape[x.shape.length - 1]!;
      if (k.compare(Dim.of(1)) === -1) throw new ShapeFault("attr", `${name}: k must be at least 1, not ${k}`);
      if (k.compare(n) === 1) {
        throw new ShapeFault("shape", `${name}: k = ${k} is larger than the last axis (${n}) of ${shapeString(x.shape)}`, [0], "top-k selects along the last axis; move the axis there first (transpose or permute)");
      }
      return { dtype: name === "topk_indices" ? "i32" : x.dtype, shape: [...x.shape.slice(0, -1), k] };
    },
    flops: (ins) => numel(req(ins, 0).shape),
    ...(name === "topk_indices" ? { blocksGradient: true } : {}),
  };
}

export const layoutOps: OpDef[] = [
  {
    name: "reshape",
    doc: "Reshape; one entry may be -1 (inferred). The element counts must provably agree.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "shape", kind: "dims" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const target = attrDims(attrs, "shape");
      const total = numel(x.shape);
      const holes = target.filter((d) => d.value === -1).length;
      if (holes > 1) throw new ShapeFault("attr", "reshape: at most one dimension may be -1");
      let shape = target;
      if (holes === 1) {
        const known = numel(target.filter((d) => d.value !== -1));
        const inferred = dimGuard(() => total.div(known));
        shape = target.map((d) => (d.value === -1 ? inferred : d));
      }
      if (!numel(shape).equals(total)) {
        throw new ShapeFault("shape", `reshape: ${shapeString(x.shape)} has ${total} elements but ${shapeString(shape)} has ${numel(shape)}`, [0]);
      }
      return { dtype: x.dtype, shape };
    },
    flops: noFlops,
  },
  {
    name: "transpose",
    doc: "Swaps two axes (default: the last two).",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "a", kind: "axis", default: -2 },
      { name: "b", kind: "axis", default: -1 },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectMinRank(x, 2, "transpose input", 0);
      const a = axis(x.shape.length, attrNum(attrs, "a"));
      const b = axis(x.shape.length, attrNum(attrs, "b"));
      const shape = [...x.shape];
      [shape[a], shape[b]] = [shape[b]!, shape[a]!];
      return { dtype: x.dtype, shape };
    },
    flops: noFlops,
  },
  {
    name: "permute",
    doc: "Reorders axes.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axes", kind: "axes" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const axes = (attrs["axes"] as number[]).map((a) => axis(x.shape.length, a));
      if (axes.length !== x.shape.length || new Set(axes).size !== axes.length) {
        throw new ShapeFault("attr", `permute: axes must be a permutation of 0..${x.shape.length - 1}`);
      }
      return { dtype: x.dtype, shape: axes.map((a) => x.shape[a]!) };
    },
    flops: noFlops,
  },
  {
    name: "flatten",
    doc: "Merges axes start..end (inclusive) into one.",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "start", kind: "axis", default: 0 },
      { name: "end", kind: "axis", default: -1 },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const s = axis(x.shape.length, attrNum(attrs, "start"));
      const e = axis(x.shape.length, attrNum(attrs, "end"));
      if (e < s) throw new ShapeFault("attr", "flatten: end axis comes before start axis");
      return { dtype: x.dtype, shape: [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)] };
    },
    flops: noFlops,
  },
  {
    name: "unsqueeze",
    doc: "Inserts an axis of size 1.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const a = axis(x.shape.length + 1, attrNum(attrs, "axis"));
      return { dtype: x.dtype, shape: [...x.shape.slice(0, a), Dim.of(1), ...x.shape.slice(a)] };
    },
    flops: noFlops,
  },
  {
    name: "squeeze",
    doc: "Removes an axis of size 1.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "axis", kind: "axis" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const a = axis(x.shape.length, attrNum(attrs, "axis"));
      if (x.shape[a]!.value !== 1) throw new ShapeFault("shape", `squeeze: axis ${a} of ${shapeString(x.shape)} is not 1`, [0]);
      return { dtype: x.dtype, shape: x.shape.filter((_, i) => i !== a) };
    },
    flops: noFlops,
  },
  {
    name: "concat",
    doc: "Concatenates tensors along an axis; all other axes must agree.",
    inputs: [{ name: "xs", variadic: true }],
    attrs: [{ name: "axis", kind: "axis", default: 0 }],
    shape: (ins, attrs) => {
      const xs = ins.filter((t): t is TensorType => t !== undefined);
      if (xs.length === 0) throw new ShapeFault("attr", "concat needs at least one tensor");
      const first = xs[0]!;
      const a = axis(first.shape.length, attrNum(attrs, "axis"));
      let total = Dim.of(0);
      xs.forEach((x, i) => {
        if (x.dtype !== first.dtype) throw new ShapeFault("dtype", `concat: tensor ${i + 1} is ${x.dtype} but tensor 1 is ${first.dtype}`, [0, i]);
        if (x.shape.length !== first.shape.length) {
          throw new ShapeFault("rank", `concat: tensor ${i + 1} has shape ${shapeString(x.shape)} but tensor 1 has ${shapeString(first.shape)}`, [0, i]);
        }
        x.shape.forEach((d, j) => {
          if (j !== a) expectDim(d, first.shape[j]!, () => `concat along axis ${a}: tensor ${i + 1} has shape ${shapeString(x.shape)} but tensor 1 has ${shapeString(first.shape)} (axis ${j}: ${d} vs ${first.shape[j]})`, [0, i]);
        });
        total = total.add(x.shape[a]!);
      });
      return { dtype: first.dtype, shape: first.shape.map((d, j) => (j === a ? total : d)) };
    },
    flops: noFlops,
  },
  {
    name: "slice",
    doc: "x[start:end] along one axis (negative constants count from the end).",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "axis", kind: "axis" },
      { name: "start", kind: "dim" },
      { name: "end", kind: "dim" },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const a = axis(x.shape.length, attrNum(attrs, "axis"));
      const size = x.shape[a]!;
      const start = bound(attrDim(attrs, "start"), size);
      const end = bound(attrDim(attrs, "end"), size);
      checkWithin(start, size, "slice start", true, attrDim(attrs, "start"));
      checkWithin(end, size, "slice end", true, attrDim(attrs, "end"));
      const len = end.sub(start);
      if (len.value !== undefined && len.value < 0) throw new ShapeFault("index", `slice ${start}:${end} is empty or reversed on an axis of size ${size}`, [0]);
      return { dtype: x.dtype, shape: x.shape.map((d, i) => (i === a ? len : d)) };
    },
    flops: noFlops,
  },
  {
    name: "select",
    doc: "x[index] along one axis, removing it (x[:, 0] takes the class token).",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "axis", kind: "axis" },
      { name: "index", kind: "dim" },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const a = axis(x.shape.length, attrNum(attrs, "axis"));
      const size = x.shape[a]!;
      checkWithin(bound(attrDim(attrs, "index"), size), size, "index", false, attrDim(attrs, "index"));
      return { dtype: x.dtype, shape: x.shape.filter((_, i) => i !== a) };
    },
    flops: noFlops,
  },
  {
    name: "gather",
    doc: "Index-select along an axis: the axis is replaced by the index tensor's shape (hard negatives).",
    inputs: [{ name: "x" }, { name: "index" }],
    attrs: [{ name: "axis", kind: "axis", default: 0 }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const idx = req(ins, 1);
      expectDtype(idx, isInt, "gather index", 1, "an integer tensor");
      const a = axis(x.shape.length, attrNum(attrs, "axis"));
      return { dtype: x.dtype, shape: [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)] };
    },
    flops: noFlops,
  },
  {
    name: "take_at",
    doc: "Per-row position pooling: x[B, T, ...] at positions[B] → [B, ...] (CLIP's EOT token).",
    inputs: [{ name: "x" }, { name: "positions" }],
    attrs: [],
    shape: (ins) => {
      const x = req(ins, 0);
      const p = req(ins, 1);
      expectMinRank(x, 2, "take_at input", 0);
      expectDtype(p, isInt, "take_at positions", 1, "an integer tensor");
      if (p.shape.length !== 1) throw new ShapeFault("rank", `take_at positions must be [B], not ${shapeString(p.shape)}`, [1]);
      expectDim(p.shape[0]!, x.shape[0]!, () => `take_at: ${p.shape[0]} positions for a batch of ${x.shape[0]}`, [0, 1]);
      return { dtype: x.dtype, shape: [x.shape[0]!, ...x.shape.slice(2)] };
    },
    flops: noFlops,
  },
  {
    name: "broadcast_to",
    doc: "Broadcasts to a shape (class tokens: [D] → [B, 1, D]).",
    inputs: [{ name: "x" }],
    attrs: [{ name: "shape", kind: "dims" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const shape = attrDims(attrs, "shape");
      const out = broadcast(shape, x.shape, `broadcast_to ${shapeString(shape)}`, [0]);
      if (out.length !== shape.length || out.some((d, i) => !d.equals(shape[i]!))) {
        throw new ShapeFault("shape", `cannot broadcast ${shapeString(x.shape)} to ${shapeString(shape)}`, [0]);
      }
      return { dtype: x.dtype, shape };
    },
    flops: noFlops,
  },
  {
    name: "one_hot",
    doc: "indices[...] → f32[..., depth].",
    inputs: [{ name: "indices" }],
    attrs: [
      { name: "depth", kind: "dim" },
      { name: "dtype", kind: "dtype", default: "f32" },
    ],
    shape: (ins, attrs) => {
      const i = req(ins, 0);
      expectDtype(i, isInt, "one_hot indices", 0, "an integer tensor");
      return { dtype: attrs["dtype"] as DType, shape: [...i.shape, attrDim(attrs, "depth")] };
    },
    flops: noFlops,
  },
  {
    name: "fill_diagonal",
    doc: "Sets x[..., i, i] to a value (hard-negative sampling zeroes the positives).",
    inputs: [{ name: "x" }],
    attrs: [{ name: "value", kind: "float", default: 0 }],
    shape: (ins) => {
      const x = req(ins, 0);
      expectMinRank(x, 2, "fill_diagonal input", 0);
      return x;
    },
    flops: noFlops,
  },
  {
    name: "scatter",
    doc:
      "Writes rows of src into x at positions along an axis (inserting tokens at positions, MAE's un-shuffle): with x[P…, N, R…], " +
      "index[P…, K] and src[P…, K, R…], out = x except out[p, index[p, k], r] = src[p, k, r] (torch's x.scatter(axis, index " +
      "expanded over R, src)). A position written twice gets the sum of its rows; positions outside [0, N) write nothing.",
    inputs: [{ name: "x" }, { name: "index" }, { name: "src" }],
    attrs: [{ name: "axis", kind: "axis", default: 1 }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const idx = req(ins, 1);
      const src = req(ins, 2);
      expectDtype(idx, isInt, "scatter index", 1, "an integer tensor of positions");
      if (src.dtype !== x.dtype) throw new ShapeFault("dtype", `scatter: rows of ${src.dtype} written into a ${x.dtype} tensor`, [0, 2]);
      const a = axis(x.shape.length, attrNum(attrs, "axis"), "scatter axis");
      const lead = x.shape.slice(0, a);
      if (idx.shape.length !== a + 1 || lead.some((d, i) => !d.equals(idx.shape[i]!))) {
        throw new ShapeFault(
          "shape",
          `scatter index must be ${shapeString([...lead, Dim.sym("K")])} (x's axes before axis ${a}, then the positions), not ${shapeString(idx.shape)}`,
          [0, 1],
        );
      }
      const want = [...lead, idx.shape[a]!, ...x.shape.slice(a + 1)];
      if (src.shape.length !== want.length || want.some((d, i) => !d.equals(src.shape[i]!))) {
        throw new ShapeFault("shape", `scatter src must be ${shapeString(want)} (one row of x per position), not ${shapeString(src.shape)}`, [0, 2]);
      }
      return x;
    },
    flops: noFlops,
  },
  topk("topk_values", "The k largest values along the last axis, largest first: x[..., N] → x.dtype[..., k] (torch.topk(x, k).values)."),
  topk("topk_indices", "Where the k largest values along the last axis are, largest first: x[..., N] → i32[..., k] (torch.topk(x, k).indices)."),
  {
    name: "padding_mask",
    doc: "From a [B, S] validity tensor (nonzero = real token) to a bool[B, 1, S] attention mask.",
    inputs: [{ name: "valid" }],
    attrs: [],
    shape: (ins) => {
      const v = req(ins, 0);
      if (v.shape.length !== 2) throw new ShapeFault("rank", `padding_mask expects [B, S], not ${shapeString(v.shape)}`, [0]);
      return { dtype: "bool", shape: [v.shape[0]!, Dim.of(1), v.shape[1]!] };
    },
    flops: noFlops,
  },
];

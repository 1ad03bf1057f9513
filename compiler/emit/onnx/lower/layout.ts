// Layout ops (compiler/ir/ops/layout.ts): reshapes, transposes, slicing, gathering and mask
// builders, as the tfjs kernels compute them (runtime/kernels/layout/). Shapes that hold the
// spec's symbols are computed in the graph (../dims.ts); a reshape copies leading axes that
// keep their size with ONNX's 0, so most reshapes need no shape arithmetic at all.
import type { Dim } from "../../../shapes/dim.js";
import { attr } from "../builder.js";
import { constTypeOf, elemOf, valueIn } from "../types.js";
import { axisOf, type Lower, type Lowering } from "./context.js";
import { reduce } from "./reduce.js";

/**
 * Reshape target for in → out: 0 for each leading axis that keeps its size, then the sizes, with
 * -1 for the one remaining symbolic size if there is only one (ONNX infers it).
 */
export function reshapeTarget(c: Lower, from: readonly Dim[], to: readonly Dim[]): string {
  const target: (Dim | number)[] = [];
  let copying = true;
  to.forEach((d, i) => {
    copying = copying && i < from.length && from[i]!.equals(d);
    target.push(copying ? 0 : d);
  });
  const symbolic = target.filter((d) => typeof d !== "number" && d.value === undefined);
  if (symbolic.length === 1) target[target.indexOf(symbolic[0]!)] = -1;
  return c.dims.vector(target);
}

const reshapeToType: Lowering = (c) => c.result("Reshape", [c.in(0), reshapeTarget(c, c.type(0).shape, c.node.type.shape)]);

const transpose: Lowering = (c) => {
  const rank = c.type(0).shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  const [a, b] = [axisOf(c.node.attrs["a"], rank), axisOf(c.node.attrs["b"], rank)];
  [perm[a], perm[b]] = [perm[b]!, perm[a]!];
  return c.result("Transpose", [c.in(0)], { perm: attr.ints(perm) });
};

const permute: Lowering = (c) => {
  const rank = c.type(0).shape.length;
  const axes = (c.node.attrs["axes"] as readonly number[]).map((a) => axisOf(a, rank));
  return c.result("Transpose", [c.in(0)], { perm: attr.ints(axes) });
};

const unsqueeze: Lowering = (c) => c.result("Unsqueeze", [c.in(0), c.g.int64s([axisOf(c.node.attrs["axis"], c.node.type.shape.length)])]);
const squeeze: Lowering = (c) => c.result("Squeeze", [c.in(0), c.g.int64s([axisOf(c.node.attrs["axis"], c.type(0).shape.length)])]);
const concat: Lowering = (c) => c.result("Concat", c.all(), { axis: attr.int(axisOf(c.node.attrs["axis"], c.node.type.shape.length)) });

const slice: Lowering = (c) => {
  const axis = axisOf(c.node.attrs["axis"], c.type(0).shape.length);
  const bound = (name: string): string => c.dims.value(c.node.attrs[name] as Dim);
  return c.result("Slice", [c.in(0), bound("start"), bound("end"), c.g.int64s([axis])]);
};

/** x[index] along an axis, removing it: Gather with a scalar index (negative counts from the end). */
const select: Lowering = (c) => {
  const axis = axisOf(c.node.attrs["axis"], c.type(0).shape.length);
  const index = c.node.attrs["index"] as Dim;
  const scalar = index.value !== undefined ? c.g.scalar("i64", index.value) : c.op("Squeeze", [c.dims.value(index), c.g.int64s([0])]);
  return c.result("Gather", [c.in(0), scalar], { axis: attr.int(axis) });
};

const gather: Lowering = (c) => c.result("Gather", [c.in(0), c.in(1)], { axis: attr.int(axisOf(c.node.attrs["axis"], c.type(0).shape.length)) });

/** x[b, positions[b]] for each row b; a negative position counts from the end. */
const takeAt: Lowering = (c) => {
  const positions = c.op("Cast", [c.in(1)], { to: attr.int(elemOf("i64")) });
  const steps = c.dims.value(c.type(0).shape[1]!);
  const wrapped = c.op("Where", [c.op("Less", [positions, c.g.scalar("i64", 0)]), c.op("Add", [positions, steps]), positions]);
  const index = c.op("Unsqueeze", [wrapped, c.g.int64s([1])]);
  return c.result("GatherND", [c.in(0), index], { batch_dims: attr.int(1) });
};

const broadcastTo: Lowering = (c) => c.result("Expand", [c.in(0), c.dims.vector(c.node.attrs["shape"] as readonly Dim[])]);

/** 0, 1, …, n − 1 as an int32 vector: a Constant when n is known, a Range otherwise. */
export function arangeOf(c: Lower, n: Dim): string {
  if (n.value !== undefined) return c.g.constant("i32", [n.value], Array.from({ length: n.value }, (_, i) => i));
  const limit = c.op("Cast", [c.op("Squeeze", [c.dims.value(n), c.g.int64s([0])])], { to: attr.int(elemOf("i32")) });
  return c.op("Range", [c.g.scalar("i32", 0), limit, c.g.scalar("i32", 1)]);
}

/** Indices outside [0, depth) give a row of zeros, as the runtime's (ONNX's OneHot would wrap negatives). */
const oneHot: Lowering = (c) => {
  const hot = c.op("Equal", [c.op("Unsqueeze", [c.in(0), c.g.int64s([-1])]), arangeOf(c, c.node.attrs["depth"] as Dim)]);
  return c.result("Cast", [hot], { to: attr.int(elemOf(c.node.type.dtype)) });
};

const fillDiagonal: Lowering = (c) => {
  const shape = c.type(0).shape;
  const [rows, cols] = [shape[shape.length - 2]!, shape[shape.length - 1]!];
  const diagonal = c.op("Equal", [c.op("Unsqueeze", [arangeOf(c, rows), c.g.int64s([1])]), arangeOf(c, cols)]);
  const dtype = c.node.type.dtype;
  const value = c.g.scalar(constTypeOf(dtype), valueIn(dtype, Number(c.node.attrs["value"])));
  return c.result("Where", [diagonal, value, c.in(0)]);
};

const paddingMask: Lowering = (c) => {
  const valid = c.type(0).dtype === "bool" ? c.in(0) : c.op("Not", [c.op("Equal", [c.in(0), c.g.scalar(constTypeOf(c.type(0).dtype), 0)])]);
  return c.result("Unsqueeze", [valid, c.g.int64s([1])]);
};

/**
 * The runtime's one-hot formulation (runtime/kernels/layout/scatter.ts), so that positions
 * outside [0, N) and repeated positions give what the runtime gives (ScatterElements would
 * reject the first and leave the second unspecified): with hit = (index[..., None] == 0..N−1),
 * out = x · (1 − max_k hit) + hitᵀ @ src, the row axes after `axis` flattened for the product.
 */
const scatter: Lowering = (c) => {
  const [xType, srcType] = [c.type(0), c.type(2)];
  const rank = xType.shape.length;
  const a = axisOf(c.node.attrs["axis"], rank);
  const f32 = (name: string, dtype: string): string => (dtype === "f32" ? name : c.op("Cast", [name], { to: attr.int(elemOf("f32")) }));
  const hit = c.op("Cast", [c.op("Equal", [c.op("Unsqueeze", [c.in(1), c.g.int64s([-1])]), arangeOf(c, xType.shape[a]!)])], { to: attr.int(elemOf("f32")) });
  const rowAxes = Array.from({ length: rank - a - 1 }, (_, i) => a + 1 + i);
  let written = reduce(c, "ReduceMax", hit, [a], false); // [P…, N]
  if (rowAxes.length) written = c.op("Unsqueeze", [written, c.g.int64s(rowAxes)]);
  const kept = c.op("Mul", [f32(c.in(0), xType.dtype), c.op("Sub", [c.g.scalar("f32", 1), written])]);
  const src = f32(c.in(2), srcType.dtype);
  const rows = rowAxes.length ? c.op("Reshape", [src, c.g.int64s([...new Array<number>(a + 1).fill(0), -1])]) : c.op("Unsqueeze", [src, c.g.int64s([-1])]);
  const swap = Array.from({ length: a + 2 }, (_, i) => (i === a ? a + 1 : i === a + 1 ? a : i));
  const placed = c.op("Reshape", [c.op("MatMul", [c.op("Transpose", [hit], { perm: attr.ints(swap) }), rows]), c.op("Shape", [c.in(0)])]);
  if (xType.dtype === "f32") return c.result("Add", [kept, placed]);
  return c.result("Cast", [c.op("Add", [kept, placed])], { to: attr.int(elemOf(xType.dtype)) });
};

/** ONNX's TopK gives both results (lower index first among ties, as tfjs); each op keeps its own. */
const topk =
  (which: "values" | "indices"): Lowering =>
  (c) => {
    const k = c.dims.vector([c.node.attrs["k"] as Dim]);
    const [values, indices] = c.ops("TopK", [c.in(0), k], 2, { axis: attr.int(-1), largest: attr.int(1), sorted: attr.int(1) }) as [string, string];
    return which === "values" ? c.result("Identity", [values]) : c.result("Cast", [indices], { to: attr.int(elemOf(c.node.type.dtype)) });
  };

export const layoutLowerings: Readonly<Record<string, Lowering>> = {
  reshape: reshapeToType,
  transpose,
  permute,
  flatten: reshapeToType,
  unsqueeze,
  squeeze,
  concat,
  slice,
  select,
  gather,
  take_at: takeAt,
  scatter,
  topk_values: topk("values"),
  topk_indices: topk("indices"),
  broadcast_to: broadcastTo,
  one_hot: oneHot,
  fill_diagonal: fillDiagonal,
  padding_mask: paddingMask,
};

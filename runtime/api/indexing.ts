// The spec's tensor indexing in generated code: `x[:, 0]` is `index(x, ALL, 0)`, `x[:, :-1]` is
// `index(x, ALL, sl(null, -1))`, `x[..., :d]` is `index(x, ELLIPSIS, sl(null, d))` and `x[ids]` is
// `index(x, ids)`. It emits exactly the ops compiler/elaborate/indexing.ts (indexTensor) emits,
// in the same order and with the same attributes — a `select` per integer (removing its axis), a
// `slice` per bounded slice, a `gather` per integer tensor (its axes replacing the one indexed),
// nothing for `:` — so their keys, and the values, are the IR runtime's. Negative integers and
// bounds go to the ops as written: their shape rules and kernels count them from the end.
import type { Tensor } from "../tf.js";
import { callKernel, OpCallError } from "./kernel-call.js";

/** `start:end` along one axis; null is an omitted bound (`:d`, `1:`). */
export interface Slice {
  readonly kind: "slice";
  readonly start: number | null;
  readonly end: number | null;
}

/** `...`: as many whole axes as the other items leave. */
export const ELLIPSIS: { readonly kind: "ellipsis" } = Object.freeze({ kind: "ellipsis" });

/** One item of an index: an integer, a slice, `...`, or an integer tensor. */
export type IndexItem = number | Slice | typeof ELLIPSIS | Tensor;

/** The slice `start:end` (`sl(null, -1)` is `:-1`). */
export function sl(start: number | null, end: number | null): Slice {
  return { kind: "slice", start, end };
}

/** `:`, a whole axis. */
export const ALL: Slice = Object.freeze(sl(null, null));

function isSlice(item: IndexItem): item is Slice {
  return typeof item === "object" && (item as { kind?: unknown }).kind === "slice";
}

function isEllipsis(item: IndexItem): item is typeof ELLIPSIS {
  return typeof item === "object" && (item as { kind?: unknown }).kind === "ellipsis";
}

/** `x[items…]`, as the spec indexes a tensor. */
export function index(x: Tensor, ...items: IndexItem[]): Tensor {
  const rank = x.rank;
  const ellipses = items.filter(isEllipsis).length;
  if (ellipses > 1) throw new OpCallError("index", "an index may contain `...` only once");
  const explicit = items.length - ellipses;
  if (explicit > rank) throw new OpCallError("index", `${explicit} indices for a tensor of rank ${rank}`);
  let cur = x;
  let axis = 0;
  for (const item of items) {
    if (isEllipsis(item)) {
      axis += rank - explicit;
    } else if (isSlice(item)) {
      if (item.start !== null || item.end !== null) {
        const end = item.end ?? cur.shape[axis]!;
        cur = callKernel("slice", [cur], { axis, start: item.start ?? 0, end });
      }
      axis++;
    } else if (typeof item === "number") {
      cur = callKernel("select", [cur], { axis, index: item });
    } else {
      cur = callKernel("gather", [cur, item], { axis });
      axis += item.rank;
    }
  }
  return cur;
}

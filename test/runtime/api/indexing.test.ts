// index() (runtime/api/indexing.ts) against the compiler's lowering of the spec's tensor indexing
// (compiler/elaborate/indexing.ts): for each form — x[:, 0], x[:, 1:], x[:, :-1], x[..., :2],
// x[ids], negative selects, integer tensors before and after other items — the same ops with the
// same attributes in the same order as the IR nodes that compute the named value, and identical
// results to the IR runtime's. Also the misfits the compiler reports (two `...`, too many items,
// an index out of range) as OpCallErrors.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AttrValue, IrGraph } from "../../../compiler/ir/types.js";
import { Dim } from "../../../compiler/shapes/dim.js";
import { ALL, ELLIPSIS, index, sl, type IndexItem } from "../../../runtime/api/indexing.js";
import { OpCallError } from "../../../runtime/api/kernel-call.js";
import { withRun } from "../../../runtime/api/run.js";
import { useBackend } from "../../../runtime/backend.js";
import { bindDims, type DimBindings } from "../../../runtime/dims.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { compiled, expectIdentical, runIr, seeded } from "./ir-run.js";

const calls = vi.hoisted(() => [] as { op: string; attrs: Record<string, unknown> }[]);

// The real callKernel, recording which op it ran with which attributes.
vi.mock("../../../runtime/api/kernel-call.js", async (original) => {
  const real = await original<typeof import("../../../runtime/api/kernel-call.js")>();
  return {
    ...real,
    callKernel: (...args: Parameters<typeof real.callKernel>) => {
      calls.push({ op: args[0], attrs: { ...args[2] } });
      return real.callKernel(...args);
    },
  };
});

const SPEC = `
model Indexing {
  input x: f32[B, T, 8]
  input ids: i32[K]
  input rows: i32[B, 2]
  cls = x[:, 0]
  tail = x[:, 1:]
  head = x[:, :-1]
  first2 = x[..., :2]
  picked = x[ids]
  last = x[:, -1]
  mixed = x[-1, 1:3, -2]
  cols = x[:, ids]
  inner = x[..., 1:-1, 0]
  nested = x[rows, -1]
  whole = x[:, :]
}`;

const ids = (): Tensor => tf.tensor([1, 0, 1, 1], [4], "int32");
const rows = (): Tensor => tf.tensor([1, 0, 0, 1], [2, 2], "int32");

/** Each named value's items, as generated code writes them. */
const FORMS: Record<string, (t: { ids: Tensor; rows: Tensor }) => IndexItem[]> = {
  cls: () => [ALL, 0],
  tail: () => [ALL, sl(1, null)],
  head: () => [ALL, sl(null, -1)],
  first2: () => [ELLIPSIS, sl(null, 2)],
  picked: (t) => [t.ids],
  last: () => [ALL, -1],
  mixed: () => [-1, sl(1, 3), -2],
  cols: (t) => [ALL, t.ids],
  inner: () => [ELLIPSIS, sl(1, -1), 0],
  nested: (t) => [t.rows, -1],
  whole: () => [ALL, ALL],
};

/** The ops (with attributes, dims bound) from the input x to the named value, in order. */
function chain(ir: IrGraph, dims: DimBindings, name: string): { op: string; attrs: Record<string, unknown> }[] {
  const bound = (v: AttrValue): unknown => (v instanceof Dim ? dims.value(v) : v);
  const out: { op: string; attrs: Record<string, unknown> }[] = [];
  let node = ir.nodes[ir.outputs.get(name)!]!;
  while (node.op !== "input") {
    out.unshift({ op: node.op, attrs: Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, bound(v)])) });
    node = ir.nodes[node.inputs[0]!]!;
  }
  return out;
}

describe("index()", () => {
  let ir: IrGraph;
  let feeds: Map<string, Tensor>;
  beforeAll(async () => {
    await useBackend("cpu");
    ir = compiled(SPEC);
    feeds = new Map([
      ["x", seeded([2, 3, 8], 1)],
      ["ids", ids()],
      ["rows", rows()],
    ]);
  });

  it("emits the compiler's ops for every form and gives the IR runtime's values", () => {
    const want = runIr(ir, feeds);
    const dims = bindDims(ir, new Map([...feeds].map(([k, t]) => [k, t.shape])));
    expect(Object.keys(FORMS).sort()).toEqual([...ir.outputs.keys()].sort());
    withRun({}, () => {
      for (const [name, items] of Object.entries(FORMS)) {
        calls.length = 0;
        const got = index(feeds.get("x")!, ...items({ ids: feeds.get("ids")!, rows: feeds.get("rows")! }));
        expect(calls, name).toEqual(chain(ir, dims, name));
        expectIdentical(name, got, want.get(name));
      }
    });
    expect(chain(ir, dims, "whole")).toEqual([]);
    tf.dispose([...want.values()]);
  });

  it("refuses what the compiler reports: two `...`, more items than axes, an index out of range", () => {
    const x = feeds.get("x")!;
    expect(() => index(x, ELLIPSIS, 0, ELLIPSIS)).toThrow(OpCallError);
    expect(() => index(x, ELLIPSIS, 0, ELLIPSIS)).toThrow("index: an index may contain `...` only once");
    expect(() => index(x, 0, 0, 0, 0)).toThrow("index: 4 indices for a tensor of rank 3");
    expect(() => index(x, ALL, 3)).toThrow(/^select: /);
    expect(() => index(x, ALL, sl(-5, null))).toThrow(/^slice: /);
  });
});

// The verifier catches each kind of broken IR it claims to: keys, state, initialisers and the
// post-step updates. Each case breaks one thing in a well-formed BLIP (momentum copies and
// queues) and expects the verifier to name it.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrBuffer, IrGraph, IrNode, IrParam, IrUpdate } from "../../compiler/ir/types.js";
import { verifyIr } from "../../compiler/ir/verify.js";

const ir = compileFile("specs/models/blip.vlm", { variant: "tiny" }).ir!;

function withNodes(edit: (n: IrNode) => IrNode): IrGraph {
  return { ...ir, nodes: ir.nodes.map(edit) };
}

function withUpdates(edit: (u: IrUpdate, i: number) => IrUpdate | undefined): IrGraph {
  return { ...ir, updates: ir.updates.flatMap((u, i) => edit(u, i) ?? []) };
}

function withParam(name: string, edit: (p: IrParam) => IrParam): IrGraph {
  return { ...ir, params: new Map([...ir.params].map(([k, p]) => [k, k === name ? edit(p) : p])) };
}

function withBuffer(name: string, edit: (b: IrBuffer) => IrBuffer): IrGraph {
  return { ...ir, buffers: new Map([...ir.buffers].map(([k, b]) => [k, k === name ? edit(b) : b])) };
}

const dropout = ir.nodes.find((n) => n.op === "dropout")!;
const firstEma = ir.updates.findIndex((u) => u.kind === "ema");
const enqueue = ir.updates.find((u): u is Extract<IrUpdate, { kind: "enqueue" }> => u.kind === "enqueue")!;

describe("verifyIr", () => {
  it("accepts the model as built", () => {
    expect(verifyIr(ir)).toEqual([]);
    expect(ir.updates.filter((u) => u.kind === "enqueue").length).toBe(2);
  });

  it("requires unique, well-formed keys", () => {
    const twin = ir.nodes.find((n) => n.op === "dropout" && n.id !== dropout.id)!;
    expect(verifyIr(withNodes((n) => (n.id === twin.id ? { ...n, key: dropout.key } : n)))).toContain(`nodes ${dropout.id} and ${twin.id} share the key "${dropout.key}"`);
    expect(verifyIr(withNodes((n) => (n.id === dropout.id ? { ...n, key: "" } : n)))).toContain(
      `node ${dropout.id} (dropout) has a malformed key ""; a random op draws from the stream of its key`,
    );
    expect(verifyIr(withNodes((n) => (n.id === dropout.id ? { ...n, key: n.key.replace("/dropout.", "/gelu.") } : n))).some((p) => p.includes("malformed key"))).toBe(true);
    expect(verifyIr(withNodes((n) => (n.op === "input" && n.id === 0 ? { ...n, key: "input:pixels" } : n)))).toContain('node 0 (input) has key "input:pixels", not input:image');
  });

  it("checks EMA updates: an owning momentum copy, its source, a decay in (0, 1), each once", () => {
    const u = ir.updates[firstEma] as Extract<IrUpdate, { kind: "ema" }>;
    expect(verifyIr(withUpdates((x, i) => (i === firstEma ? { ...u, decay: 1 } : x)))).toContain(`EMA update of ${u.param} has decay 1, not in (0, 1)`);
    expect(verifyIr(withUpdates((x, i) => (i === firstEma ? undefined : x)))).toContain(`momentum copy ${u.param} has no EMA update`);
    expect(verifyIr(withUpdates((x, i) => (i === firstEma ? { ...u, source: "vision.nothing" } : x)))).toContain(`EMA update of ${u.param} tracks unknown vision.nothing`);
    expect(verifyIr({ ...ir, updates: [...ir.updates, u] })).toContain(`${u.param} is updated twice`);
  });

  it("checks queue writes: a queue, its pointer, its node, rows of its width", () => {
    const swap = (edit: Partial<typeof enqueue>) => withUpdates((x) => (x === enqueue ? { ...enqueue, ...edit } : x));
    expect(verifyIr(swap({ pointer: "text_queue.ptr" }))).toContain(`enqueue update into ${enqueue.queue} names pointer text_queue.ptr, not ${enqueue.queue}.ptr`);
    expect(verifyIr(swap({ queue: "image_queue.ptr" }))).toContain("enqueue update into image_queue.ptr, which is not a queue");
    const wide = ir.nodes.find((n) => n.type.shape.length === 2 && n.type.shape[1]!.value === 32)!;
    expect(verifyIr(swap({ value: wide.id }))).toContain(`enqueue update into ${enqueue.queue}: the rows of node ${wide.id} are not 16 wide`);
    expect(verifyIr(withUpdates((x) => (x === enqueue ? undefined : x)))).toContain(`queue write ${enqueue.node} has no update`);
  });

  it("checks initialisers of parameters and buffers against the closed set", () => {
    const [bias, weight] = [[...ir.params.values()].find((p) => p.shape.length === 1)!, [...ir.params.values()].find((p) => p.shape.length === 2)!];
    expect(verifyIr(withParam(bias.name, (p) => ({ ...p, init: { kind: "xavier_uniform", args: { gain: 1 } } })))).toContain(
      `parameter ${bias.name}: xavier_uniform needs a tensor of rank ≥ 2 for its fans`,
    );
    expect(verifyIr(withParam(weight.name, (p) => ({ ...p, init: { kind: "uniform", args: { low: -1 } } })))).toContain(`parameter ${weight.name}: uniform lacks its argument high`);
    expect(verifyIr(withParam(weight.name, (p) => ({ ...p, init: { kind: "normal", args: { sigma: 1 } } })))).toContain(`parameter ${weight.name}: normal has no argument sigma`);
    expect(verifyIr(withBuffer("image_queue", (b) => ({ ...b, init: { kind: "orthogonal", args: {} } })))).toContain("buffer image_queue: unknown initialiser orthogonal");
  });

  it("checks that a queue has an i32[] pointer", () => {
    expect(verifyIr(withBuffer("image_queue", (b) => ({ ...b, pointer: "text_queue" })))).toContain("queue image_queue has no i32[] pointer buffer (text_queue)");
    expect(verifyIr(withBuffer("image_queue.ptr", (b) => ({ ...b, dtype: "f32" })))).toContain("queue image_queue has no i32[] pointer buffer (image_queue.ptr)");
  });
});

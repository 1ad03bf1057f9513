// The well-formedness of an IR, checked in tests after elaboration and on every loaded IR file
// (tinygrad keeps such a table too). Each row below is one invariant:
//   nodes      dense topological ids; ops from the registry with their inputs present; every
//              node's type equal to what its op's shape rule says now
//   keys       every node has a stable key, unique in the graph: `op:NAME` for sources, else
//              `frame/op.k` (random ops draw from streams keyed by it)
//   state      parameters and buffers read by nodes exist with the node's shape; initialisers
//              from the closed set with their arguments (fan-based ones on rank ≥ 2); a queue
//              has an i32[] pointer buffer
//   sharing    aliases name owners of the same shape; momentum copies track existing parameters
//   updates    one EMA update per momentum owner, decay in (0, 1); one enqueue update per queue
//              write, naming the queue, its pointer and a value as wide as the queue's rows
//   sources    an input's data source is from the closed set with exactly its arguments, valid
//              values, and fits the input's type; captions' masks and word indices have their
//              caption; inputs drawn per pair share the batch axis
//   the rest   instance tree consistent; objectives scalar; stages, groups and published
//              figures name what exists
// A failure is a compiler bug (or a damaged IR file), never a user error.
import { INITIALISERS } from "./init.js";
import { argProblem, hasExactArgs, pairingProblems, SOURCES, type SourcedInput } from "./sources.js";
import { OPS } from "./ops.js";
import type { InitSpec, IrGraph, IrNode, TensorType } from "./types.js";

function sameType(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d.equals(b.shape[i]!));
}

const SOURCE_KEYED = new Set(["input", "param", "buffer"]);
/** `scope:mode@k`, `path:init` or `model`, then `/fn@k` per fn call, then `/op.k`. */
const KEY = /^(model|[^/:@]*:init|[^/:@]*:[^/:@]+@\d+)(\/[^/:@.]+@\d+)*\/([a-z0-9_]+)\.\d+$/;

type Bad = (message: string) => void;

function initProblem(init: InitSpec, rank: number): string | undefined {
  const def = INITIALISERS.get(init.kind);
  if (!def) return `unknown initialiser ${init.kind}`;
  for (const a of def.args) if (a.default === undefined && init.args[a.name] === undefined) return `${init.kind} lacks its argument ${a.name}`;
  for (const [k, v] of Object.entries(init.args)) {
    if (!def.args.some((a) => a.name === k)) return `${init.kind} has no argument ${k}`;
    if (!Number.isFinite(v)) return `${init.kind}(${k}: ${v}) is not finite`;
  }
  if (def.usesFans && rank < 2) return `${init.kind} needs a tensor of rank ≥ 2 for its fans`;
  return undefined;
}

function verifyNode(ir: IrGraph, n: IrNode, i: number, bad: Bad): void {
  if (n.id !== i) bad(`node ${i} has id ${n.id}`);
  const op = OPS.get(n.op);
  if (!op) return bad(`node ${i}: unknown op ${n.op}`);
  for (const inp of n.inputs) if (inp >= i) bad(`node ${i} (${n.op}) reads node ${inp}, which is not earlier`);
  const variadic = op.inputs.some((x) => x.variadic);
  if (!variadic && n.inputs.length > op.inputs.length) bad(`node ${i} (${n.op}) has ${n.inputs.length} inputs, op takes ${op.inputs.length}`);
  op.inputs.forEach((x, k) => {
    if (!x.optional && !x.variadic && (n.inputs[k] === undefined || n.inputs[k]! < 0)) bad(`node ${i} (${n.op}) lacks input ${x.name}`);
  });
  try {
    const t = op.shape(
      n.inputs.map((k) => (k < 0 ? undefined : ir.nodes[k]!.type)),
      n.attrs,
    );
    if (!sameType(t, n.type)) bad(`node ${i} (${n.op}): stored type differs from the shape rule`);
  } catch (e) {
    bad(`node ${i} (${n.op}): shape rule fails on verification: ${(e as Error).message}`);
  }
  if (SOURCE_KEYED.has(n.op)) {
    if (n.key !== `${n.op}:${String(n.attrs["name"])}`) bad(`node ${i} (${n.op}) has key "${n.key}", not ${n.op}:${String(n.attrs["name"])}`);
  } else {
    const m = KEY.exec(n.key);
    if (!m || m[3] !== n.op) bad(`node ${i} (${n.op}) has a malformed key "${n.key}"${op.random ? "; a random op draws from the stream of its key" : ""}`);
  }
  if (n.op === "param" || n.op === "buffer") {
    const name = n.attrs["name"] as string;
    const state = n.op === "param" ? ir.params.get(name) : ir.buffers.get(name);
    if (!state) bad(`node ${i} reads unknown ${n.op} ${name}`);
    else if (state.shape.length !== n.type.shape.length || state.shape.some((d, k) => n.type.shape[k]!.value !== d) || state.dtype !== n.type.dtype) {
      bad(`node ${i}: ${n.op} ${name} differs from its node in shape or dtype`);
    }
  }
}

function verifyState(ir: IrGraph, bad: Bad): void {
  for (const p of ir.params.values()) {
    if (p.sharedWith !== undefined) {
      const owner = ir.params.get(p.sharedWith);
      if (!owner) bad(`${p.name} is shared with unknown ${p.sharedWith}`);
      else {
        if (owner.sharedWith !== undefined) bad(`${p.name} is shared with ${p.sharedWith}, which is not an owner`);
        if (owner.shape.join() !== p.shape.join() || owner.dtype !== p.dtype) bad(`${p.name} and its owner ${owner.name} differ in shape`);
      }
    }
    if (p.emaOf !== undefined && !ir.params.has(p.emaOf)) bad(`${p.name} tracks unknown ${p.emaOf}`);
    if (!ir.instances.has(p.instance)) bad(`${p.name} belongs to unknown instance ${p.instance}`);
    if (p.shape.some((d) => !Number.isInteger(d) || d <= 0)) bad(`${p.name} has a non-positive dimension`);
    const init = initProblem(p.init, p.shape.length);
    if (init) bad(`parameter ${p.name}: ${init}`);
  }
  for (const b of ir.buffers.values()) {
    const init = initProblem(b.init, b.shape.length);
    if (init) bad(`buffer ${b.name}: ${init}`);
    if (b.role === "queue") {
      const ptr = b.pointer === undefined ? undefined : ir.buffers.get(b.pointer);
      if (!ptr || ptr.role !== "pointer" || ptr.dtype !== "i32" || ptr.shape.length !== 0) bad(`queue ${b.name} has no i32[] pointer buffer (${b.pointer ?? "none named"})`);
      if (b.shape.length !== 2) bad(`queue ${b.name} is not a matrix of rows`);
    } else if (b.pointer !== undefined) bad(`buffer ${b.name} is a ${b.role} but names a pointer`);
  }
}

function verifyUpdates(ir: IrGraph, bad: Bad): void {
  const emaTargets = new Set<string>();
  const written = new Set<number>();
  for (const u of ir.updates) {
    if (u.kind === "ema") {
      const p = ir.params.get(u.param);
      if (!p) bad(`EMA update of unknown parameter ${u.param}`);
      else if (p.emaOf !== u.source || p.sharedWith !== undefined) bad(`EMA update of ${u.param}, which is not the owning momentum copy of ${u.source}`);
      if (!ir.params.has(u.source)) bad(`EMA update of ${u.param} tracks unknown ${u.source}`);
      if (!(u.decay > 0 && u.decay < 1)) bad(`EMA update of ${u.param} has decay ${u.decay}, not in (0, 1)`);
      if (emaTargets.has(u.param)) bad(`${u.param} is updated twice`);
      emaTargets.add(u.param);
      continue;
    }
    const q = ir.buffers.get(u.queue);
    const node = ir.nodes[u.node];
    const value = ir.nodes[u.value];
    if (!q || q.role !== "queue") bad(`enqueue update into ${u.queue}, which is not a queue`);
    else if (q.pointer !== u.pointer) bad(`enqueue update into ${u.queue} names pointer ${u.pointer}, not ${q.pointer ?? "none"}`);
    if (!node || node.op !== "enqueue" || ir.nodes[node.inputs[0]!]?.attrs["name"] !== u.queue || node.inputs[1] !== u.value) {
      bad(`enqueue update into ${u.queue} does not match its node ${u.node}`);
    }
    const width = value?.type.shape[1];
    if (q?.shape.length === 2 && (value?.type.shape.length !== 2 || width!.value !== q.shape[1])) bad(`enqueue update into ${u.queue}: the rows of node ${u.value} are not ${q.shape[1]} wide`);
    written.add(u.node);
  }
  for (const p of ir.params.values()) if (p.emaOf !== undefined && p.sharedWith === undefined && !emaTargets.has(p.name)) bad(`momentum copy ${p.name} has no EMA update`);
  for (const id of ir.effects) if (ir.nodes[id]?.op === "enqueue" && !written.has(id)) bad(`queue write ${id} has no update`);
}

function verifySources(ir: IrGraph, bad: Bad): void {
  const sourced: SourcedInput[] = [];
  for (const inp of ir.inputs) {
    const node = ir.nodes[inp.node];
    if (!inp.source || node?.op !== "input") continue;
    const def = SOURCES.get(inp.source.kind);
    if (!def) {
      bad(`input ${inp.name} takes unknown data source ${inp.source.kind}`);
      continue;
    }
    if (!hasExactArgs(def, inp.source.args)) {
      bad(`input ${inp.name}: ${def.kind} does not have exactly its arguments ${def.args.map((a) => a.name).join(", ") || "(none)"}`);
      continue;
    }
    const args = argProblem(def, inp.source.args);
    if (args) bad(`input ${inp.name}: ${args.message}`);
    const misfit = def.fit(node.type, inp.source.args);
    if (misfit) bad(`input ${inp.name} cannot take ${def.kind}: it ${misfit.message}`);
    if (!args && !misfit) sourced.push({ name: inp.name, source: inp.source, type: node.type });
  }
  for (const p of pairingProblems(sourced)) bad(p.message);
}

export function verifyIr(ir: IrGraph): string[] {
  const problems: string[] = [];
  const bad: Bad = (m) => {
    if (problems.length < 50) problems.push(m);
  };
  const keys = new Map<string, number>();
  ir.nodes.forEach((n, i) => {
    verifyNode(ir, n, i, bad);
    const seen = keys.get(n.key);
    if (seen !== undefined) bad(`nodes ${seen} and ${i} share the key "${n.key}"`);
    keys.set(n.key, i);
  });
  verifyState(ir, bad);
  verifyUpdates(ir, bad);
  for (const inst of ir.instances.values()) {
    if (inst.parent !== undefined && !ir.instances.get(inst.parent)?.children.includes(inst.path)) bad(`instance ${inst.path} is not a child of its parent`);
    for (const c of inst.children) if (ir.instances.get(c)?.parent !== inst.path) bad(`instance ${c} does not name ${inst.path} as parent`);
    for (const p of inst.params) if (ir.params.get(p)?.instance !== inst.path) bad(`instance ${inst.path} lists ${p}, which it does not declare`);
  }
  for (const o of ir.objectives) {
    const n = ir.nodes[o.node];
    if (!n || n.type.shape.length !== 0) bad(`objective ${o.name} is not a scalar node`);
  }
  const objectives = new Set(ir.objectives.map((o) => o.name));
  for (const s of ir.stages) {
    for (const o of s.objectives) if (!objectives.has(o)) bad(`stage ${s.name} names unknown objective ${o}`);
    for (const f of s.frozen) if (!ir.params.has(f)) bad(`stage ${s.name} freezes unknown ${f}`);
  }
  for (const p of ir.published) for (const o of p.params ?? []) if (ir.params.get(o)?.sharedWith !== undefined) bad(`published ${p.name} counts alias ${o}`);
  for (const g of ir.groups) for (const p of g.params) if (ir.params.get(p)?.sharedWith !== undefined) bad(`group ${g.name} holds alias ${p}`);
  for (const id of ir.effects) if (!OPS.get(ir.nodes[id]?.op ?? "")?.effect) bad(`effect ${id} is not a node with a side effect`);
  for (const [name, id] of ir.outputs) if (!ir.nodes[id]) bad(`output ${name} names missing node ${id}`);
  for (const inp of ir.inputs) if (ir.nodes[inp.node]?.op !== "input") bad(`input ${inp.name} is not an input node`);
  verifySources(ir, bad);
  return problems;
}

// The well-formedness of an IR, checked in tests after elaboration (tinygrad keeps such a
// table too): dense topological ids, ops from the registry with their inputs present, every
// node's type equal to what its op's shape rule says now, parameters and share groups
// consistent, objectives scalar. A failure is a compiler bug, never a user error.
import { OPS } from "./ops.js";
import type { IrGraph, TensorType } from "./types.js";

function sameType(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d.equals(b.shape[i]!));
}

export function verifyIr(ir: IrGraph): string[] {
  const problems: string[] = [];
  const bad = (m: string): void => {
    if (problems.length < 50) problems.push(m);
  };
  ir.nodes.forEach((n, i) => {
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
    if (n.op === "param") {
      const p = ir.params.get(n.attrs["name"] as string);
      if (!p) bad(`node ${i} reads unknown parameter ${String(n.attrs["name"])}`);
      else if (p.shape.length !== n.type.shape.length || p.shape.some((d, k) => n.type.shape[k]!.value !== d)) bad(`node ${i}: parameter ${p.name} shape differs from its node`);
    }
  });
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
  }
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
  return problems;
}

// A deterministic JSON form of the IR (`vlmc ir FILE`): stable node ids, sorted keys, dims as
// strings in the user's symbols, positions as file:line:col. Same input, same bytes.
import { location } from "../diagnostics/render.js";
import type { SourceSet } from "../diagnostics/source-text.js";
import { Dim } from "../shapes/dim.js";
import type { AttrValue, IrGraph, TensorType } from "./types.js";

function typeText(t: TensorType): string {
  return `${t.dtype}[${t.shape.map((d) => d.toString()).join(", ")}]`;
}

function attr(v: AttrValue): unknown {
  if (v instanceof Dim) return v.toString();
  if (Array.isArray(v)) return v.map(attr);
  return v;
}

/** JSON.stringify with object keys sorted at every level. */
export function stableStringify(value: unknown, indent = 2): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent);
}

export function irToJson(ir: IrGraph, sources: SourceSet): unknown {
  return {
    model: ir.model,
    variant: ir.variant ?? null,
    hypers: ir.hypers,
    inputs: ir.inputs.map((i) => ({ name: i.name, node: i.node })),
    params: [...ir.params.values()].map((p) => ({
      name: p.name,
      dtype: p.dtype,
      shape: p.shape,
      init: p.init,
      instance: p.instance,
      sharedWith: p.sharedWith,
      shareKind: p.shareKind,
      emaOf: p.emaOf,
    })),
    buffers: [...ir.buffers.values()].map((b) => ({ name: b.name, dtype: b.dtype, shape: b.shape })),
    nodes: ir.nodes.map((n) => ({
      id: n.id,
      op: n.op,
      inputs: n.inputs,
      attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, attr(v)])),
      type: typeText(n.type),
      scope: n.scope,
      mode: n.mode || undefined,
      at: location(n.prov.span, sources),
    })),
    instances: [...ir.instances.values()].map((i) => ({
      path: i.path,
      block: i.block,
      children: i.children,
      params: i.params,
      calls: i.calls,
      emaOf: i.emaOf,
      emaDecay: i.emaDecay,
    })),
    objectives: ir.objectives.map((o) => ({ name: o.name, node: o.node, weight: o.weight })),
    stages: ir.stages.map((s) => ({ name: s.name, objectives: s.objectives, frozen: s.frozen })),
    groups: ir.groups.map((g) => ({ name: g.name, params: g.params })),
    published: ir.published.map((p) => ({ name: p.name, value: p.value, tolerance: p.tolerance, over: p.over })),
    effects: ir.effects,
    assertions: ir.assertions.map((a) => ({ message: a.message, check: `${a.lhs} ${a.op} ${a.rhs}`, at: location(a.span, sources) })),
  };
}

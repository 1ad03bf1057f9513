// diff(a, b) → report: two checked models compared section by section (report.ts describes the
// result). Modules are matched first (match.ts); everything named by a parameter or module path
// is then compared through that match, so a renamed block's parameters are the same parameters.
import { numelOf } from "../ir/params.js";
import type { IrGraph, IrParam, TensorType } from "../ir/types.js";
import { mapParam, matchModules, type ModuleMatch } from "./match.js";
import { compressNames } from "./patterns.js";
import {
  DIFF_SCHEMA,
  DIFF_SCHEMA_VERSION,
  type Delta,
  type DiffReport,
  type DiffSide,
  type HyperChange,
  type InputChange,
  type ModuleEntry,
  type MomentumChange,
  type ObjectiveChange,
  type PublishedChange,
  type QueueChange,
  type ShapeChange,
  type ShapeGroup,
  type SharingChange,
  type SharingGroup,
  type StageChange,
  type StageView,
} from "./report.js";
import type { ModelView, ModuleView } from "./view.js";

export function delta(a: number | null, b: number | null): Delta {
  const d = a === null || b === null ? null : b - a;
  return { a, b, delta: d, percent: d === null || a === 0 || a === null ? null : (100 * d) / a };
}

const typeText = (t: TensorType): string => `${t.dtype}[${t.shape.map((d) => d.toString()).join(", ")}]`;
const shapeText = (p: { dtype: string; shape: readonly number[] }): string => `${p.dtype}[${p.shape.join(", ")}]`;
const sameJson = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

function hyperChanges(a: IrGraph, b: IrGraph): HyperChange[] {
  const names = [...new Set([...Object.keys(a.hypers), ...Object.keys(b.hypers)])].sort();
  const out: HyperChange[] = [];
  for (const name of names) {
    const [va, vb] = [a.hypers[name] ?? null, b.hypers[name] ?? null];
    if (va === vb) continue;
    out.push({ name, change: va === null ? "added" : vb === null ? "removed" : "changed", a: va, b: vb });
  }
  return out;
}

/** Parameter name pairs through the module match: a name → b name (only where both exist). */
function paramPairs(a: IrGraph, b: IrGraph, match: ModuleMatch): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of a.params.values()) {
    const other = mapParam(p.name, p.instance, match.aToB);
    if (other !== undefined && b.params.has(other)) out.set(p.name, other);
  }
  return out;
}

function moduleChanges(ma: ModuleView, mb: ModuleView): string[] {
  const changes: string[] = [];
  const [ra, rb] = [ma.row, mb.row];
  if (ma.block !== mb.block) changes.push("block");
  const ownDiffers = ma.own.size !== mb.own.size || [...ma.own].some(([k, v]) => mb.own.get(k) !== v);
  if (ownDiffers || ra.params !== rb.params) changes.push("params");
  if (ra.shared !== rb.shared || (ra.sharedWith ?? "") !== (rb.sharedWith ?? "")) changes.push("shared");
  if (ra.flops !== rb.flops || ra.flopsExpr !== rb.flopsExpr) changes.push("flops");
  if (ma.input !== mb.input) changes.push("input");
  if (ra.output !== rb.output) changes.push("output");
  if (ra.calls !== rb.calls) changes.push("calls");
  if (ra.momentum !== rb.momentum) changes.push("momentum");
  return changes;
}

function moduleEntries(a: ModelView, b: ModelView, match: ModuleMatch): ModuleEntry[] {
  const out: ModuleEntry[] = [];
  const one = (m: ModuleView, side: "a" | "b", depth: number): ModuleEntry => ({
    a: side === "a" ? m.path : null,
    b: side === "b" ? m.path : null,
    status: side === "a" ? "removed" : "added",
    depth,
    block: { a: side === "a" ? m.block : null, b: side === "b" ? m.block : null },
    params: side === "a" ? delta(m.row.params, null) : delta(null, m.row.params),
    shared: side === "a" ? delta(m.row.shared, null) : delta(null, m.row.shared),
    flops: side === "a" ? delta(m.row.flops, null) : delta(null, m.row.flops),
    input: { a: side === "a" ? m.input : null, b: side === "b" ? m.input : null },
    output: { a: side === "a" ? m.row.output : null, b: side === "b" ? m.row.output : null },
    changes: [],
  });
  // A removed module's subtree, leaving out what moved elsewhere (it is listed where it went).
  const removed = (path: string, depth: number): void => {
    const m = a.modules.get(path)!;
    out.push(one(m, "a", depth));
    for (const c of m.children) if (!match.aToB.has(c)) removed(c, depth + 1);
  };
  const visit = (pb: string, depth: number): void => {
    const mb = b.modules.get(pb)!;
    const pa = match.bToA.get(pb);
    if (pa === undefined) {
      out.push(one(mb, "b", depth));
      for (const c of mb.children) visit(c, depth + 1);
      return;
    }
    const ma = a.modules.get(pa)!;
    out.push({
      a: pa,
      b: pb,
      status: match.kind.get(pb)!,
      depth,
      block: { a: ma.block, b: mb.block },
      params: delta(ma.row.params, mb.row.params),
      shared: delta(ma.row.shared, mb.row.shared),
      flops: delta(ma.row.flops, mb.row.flops),
      input: { a: ma.input, b: mb.input },
      output: { a: ma.row.output, b: mb.row.output },
      changes: moduleChanges(ma, mb),
    });
    for (const c of mb.children) visit(c, depth + 1);
    for (const c of ma.children) if (!match.aToB.has(c)) removed(c, depth + 1);
  };
  visit("", 0);
  return out;
}

function inputChanges(a: IrGraph, b: IrGraph): InputChange[] {
  const ta = new Map(a.inputs.map((i) => [i.name, typeText(a.nodes[i.node]!.type)]));
  const tb = new Map(b.inputs.map((i) => [i.name, typeText(b.nodes[i.node]!.type)]));
  const out: InputChange[] = [];
  for (const name of [...new Set([...ta.keys(), ...tb.keys()])].sort()) {
    const [x, y] = [ta.get(name) ?? null, tb.get(name) ?? null];
    if (x !== y) out.push({ name, change: x === null ? "added" : y === null ? "removed" : "changed", a: x, b: y });
  }
  return out;
}

function paramShapeChanges(a: IrGraph, b: IrGraph, pairs: ReadonlyMap<string, string>): ShapeChange[] {
  const out: ShapeChange[] = [];
  for (const [na, nb] of pairs) {
    const [sa, sb] = [shapeText(a.params.get(na)!), shapeText(b.params.get(nb)!)];
    if (sa !== sb) out.push({ a: na, b: nb, shape: { a: sa, b: sb } });
  }
  return out;
}

/** Shape changes grouped by their (a, b) shapes, parameter names compressed (b's names). */
function shapeGroups(changes: readonly ShapeChange[]): ShapeGroup[] {
  const groups = new Map<string, ShapeChange[]>();
  for (const c of changes) {
    const key = `${c.shape.a}|${c.shape.b}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(c);
  }
  return [...groups.values()].map((members) => ({
    params: compressNames(members.map((m) => m.b)).map((p) => p.pattern).join(", "),
    shape: members[0]!.shape,
    count: members.length,
  }));
}

function sharingChanges(a: IrGraph, b: IrGraph, pairs: ReadonlyMap<string, string>): SharingChange[] {
  const out: SharingChange[] = [];
  const pairedB = new Set(pairs.values());
  const link = (p: IrParam | undefined) => ({ owner: p?.sharedWith ?? null, kind: p?.sharedWith ? (p.shareKind ?? "share") : null });
  for (const [na, nb] of pairs) {
    const [pa, pb] = [a.params.get(na)!, b.params.get(nb)!];
    const [la, lb] = [link(pa), link(pb)];
    if (la.owner === null && lb.owner === null) continue;
    const ownerA = la.owner === null ? null : (pairs.get(la.owner) ?? `(a) ${la.owner}`);
    let change: SharingChange["change"] | undefined;
    if (la.owner === null) change = "now shared";
    else if (lb.owner === null) change = "no longer shared";
    else if (ownerA !== lb.owner) change = "owner changed";
    else if (la.kind !== lb.kind) change = "kind changed";
    if (change) out.push({ change, param: nb, a: la, b: lb, elements: numelOf(pb) });
  }
  // Aliases in modules that exist on one side only.
  for (const p of b.params.values()) if (p.sharedWith && !pairedB.has(p.name)) out.push({ change: "now shared", param: p.name, a: { owner: null, kind: null }, b: link(p), elements: numelOf(p) });
  for (const p of a.params.values()) if (p.sharedWith && !pairs.has(p.name)) out.push({ change: "no longer shared", param: p.name, a: link(p), b: { owner: null, kind: null }, elements: numelOf(p) });
  return out;
}

/**
 * Where a parameter belongs for reading: the module just below its last layer index
 * (`decoder.bert.layers.#.cross_attn`), or its instance's parent when it has no index.
 */
function readingGroup(param: string): string {
  const parts = param.split(".");
  let last = -1;
  parts.forEach((p, i) => {
    if (/^\d+$/.test(p)) last = i;
  });
  const kept = last >= 0 ? parts.slice(0, last + 2) : parts.slice(0, Math.max(1, parts.length - 2));
  return kept.map((p) => (/^\d+$/.test(p) ? "#" : p)).join(".");
}

/** Sharing changes grouped by change, kinds and reading group, names compressed to patterns. */
function sharingGroups(changes: readonly SharingChange[]): SharingGroup[] {
  const groups = new Map<string, SharingChange[]>();
  for (const c of changes) {
    const key = `${c.change}|${c.a.kind ?? ""}|${c.b.kind ?? ""}|${readingGroup(c.param)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(c);
  }
  const out: SharingGroup[] = [];
  for (const members of groups.values()) {
    const params = compressNames(members.map((m) => m.param));
    const owners = (side: "a" | "b"): string | null => {
      const names = members.map((m) => m[side].owner).filter((o): o is string => o !== null);
      return names.length ? compressNames(names).map((p) => p.pattern).join(", ") : null;
    };
    out.push({
      change: members[0]!.change,
      kinds: { a: members[0]!.a.kind, b: members[0]!.b.kind },
      params: params.map((p) => p.pattern).join(", "),
      owners: { a: owners("a"), b: owners("b") },
      count: members.length,
      elements: members.reduce((n, m) => n + m.elements, 0),
    });
  }
  return out;
}

function momentumChanges(a: ModelView, b: ModelView, match: ModuleMatch): MomentumChange[] {
  const out: MomentumChange[] = [];
  const emaOf = (view: ModelView, path: string) => {
    const inst = view.ir.instances.get(path)!;
    return inst.emaOf === undefined ? null : { of: inst.emaOf, decay: inst.emaDecay ?? 0 };
  };
  for (const pb of b.modules.keys()) {
    const pa = match.bToA.get(pb);
    const [ea, eb] = [pa === undefined ? null : emaOf(a, pa), emaOf(b, pb)];
    if (ea === null && eb === null) continue;
    const mapped = ea === null ? null : { of: match.aToB.get(ea.of) ?? ea.of, decay: ea.decay };
    if (sameJson(mapped, eb)) continue;
    out.push({ instance: pb, change: ea === null ? "added" : eb === null ? "removed" : "changed", a: ea, b: eb });
  }
  for (const pa of a.modules.keys()) {
    if (match.aToB.has(pa)) continue;
    const ea = emaOf(a, pa);
    if (ea) out.push({ instance: pa, change: "removed", a: ea, b: null });
  }
  return out;
}

function queueChanges(a: IrGraph, b: IrGraph): QueueChange[] {
  const queues = (g: IrGraph) => new Map([...g.buffers.values()].filter((x) => x.role === "queue").map((x) => [x.name, shapeText(x)]));
  const [qa, qb] = [queues(a), queues(b)];
  const out: QueueChange[] = [];
  for (const name of [...new Set([...qa.keys(), ...qb.keys()])].sort()) {
    const [x, y] = [qa.get(name) ?? null, qb.get(name) ?? null];
    if (x !== y) out.push({ name, change: x === null ? "added" : y === null ? "removed" : "changed", a: x, b: y });
  }
  return out;
}

function objectiveChanges(a: ModelView, b: ModelView): ObjectiveChange[] {
  const names = [...a.objectives.keys(), ...[...b.objectives.keys()].filter((n) => !a.objectives.has(n))];
  const out: ObjectiveChange[] = [];
  for (const name of names) {
    const [oa, ob] = [a.objectives.get(name) ?? null, b.objectives.get(name) ?? null];
    if (oa === null || ob === null) {
      out.push({ name, change: oa === null ? "added" : "removed", a: oa, b: ob, fields: [] });
      continue;
    }
    const fields = (["fn", "expr", "weight", "settings"] as const).filter((f) => !sameJson(oa[f], ob[f]));
    if (fields.length) out.push({ name, change: "changed", a: oa, b: ob, fields });
  }
  return out;
}

function stageChanges(a: ModelView, b: ModelView, pairs: ReadonlyMap<string, string>): StageChange[] {
  const view = (v: ModelView, name: string): StageView | null => {
    const s = v.ir.stages.find((x) => x.name === name);
    if (!s) return null;
    return { objectives: s.objectives, trainable: v.summary.stages.find((x) => x.name === name)!.trainable, frozen: compressNames(s.frozen).map((p) => p.pattern) };
  };
  const names = [...a.ir.stages.map((s) => s.name), ...b.ir.stages.map((s) => s.name).filter((n) => !a.ir.stages.some((s) => s.name === n))];
  const out: StageChange[] = [];
  for (const name of names) {
    const [sa, sb] = [a.ir.stages.find((s) => s.name === name), b.ir.stages.find((s) => s.name === name)];
    const [va, vb] = [view(a, name), view(b, name)];
    const objA = new Set(sa?.objectives ?? []);
    const objB = new Set(sb?.objectives ?? []);
    const frozenA = new Set((sa?.frozen ?? []).map((n) => pairs.get(n) ?? n));
    const frozenB = new Set(sb?.frozen ?? []);
    const frozenAdded = [...frozenB].filter((n) => !frozenA.has(n));
    const frozenRemoved = [...frozenA].filter((n) => !frozenB.has(n));
    const entry: StageChange = {
      name,
      change: !sa ? "added" : !sb ? "removed" : "changed",
      a: va,
      b: vb,
      objectives: { added: [...objB].filter((o) => !objA.has(o)), removed: [...objA].filter((o) => !objB.has(o)) },
      frozen: { added: compressNames(frozenAdded).map((p) => p.pattern), removed: compressNames(frozenRemoved).map((p) => p.pattern) },
      trainable: delta(va?.trainable ?? null, vb?.trainable ?? null),
    };
    const differs = !sa || !sb || entry.objectives.added.length + entry.objectives.removed.length + frozenAdded.length + frozenRemoved.length > 0 || entry.trainable.delta !== 0;
    if (differs) out.push(entry);
  }
  return out;
}

function publishedChanges(a: ModelView, b: ModelView): PublishedChange[] {
  const pa = new Map(a.summary.published.map((p) => [p.name, { value: p.value, counted: p.counted, holds: p.holds }]));
  const pb = new Map(b.summary.published.map((p) => [p.name, { value: p.value, counted: p.counted, holds: p.holds }]));
  const out: PublishedChange[] = [];
  for (const name of [...pa.keys(), ...[...pb.keys()].filter((n) => !pa.has(n))]) {
    const [x, y] = [pa.get(name) ?? null, pb.get(name) ?? null];
    if (sameJson(x, y)) continue;
    let change: PublishedChange["change"];
    if (x === null) change = "added";
    else if (y === null) change = "removed";
    else if (x.holds && !y.holds) change = "holds on a only";
    else if (!x.holds && y.holds) change = "holds on b only";
    else change = "changed";
    out.push({ name, change, a: x, b: y });
  }
  return out;
}

function shapesOf(a: IrGraph, b: IrGraph, pairs: ReadonlyMap<string, string>): DiffReport["shapes"] {
  const params = paramShapeChanges(a, b, pairs);
  return { inputs: inputChanges(a, b), params, groups: shapeGroups(params) };
}

export function diff(a: ModelView, b: ModelView, sides: { readonly a: DiffSide; readonly b: DiffSide }): DiffReport {
  const match = matchModules(a, b);
  const pairs = paramPairs(a.ir, b.ir, match);
  const [sa, sb] = [a.summary, b.summary];
  const modules = moduleEntries(a, b, match);
  const sharingParams = sharingChanges(a.ir, b.ir, pairs);
  const report: Omit<DiffReport, "identical"> = {
    schema: DIFF_SCHEMA,
    version: DIFF_SCHEMA_VERSION,
    a: sides.a,
    b: sides.b,
    totals: {
      params: delta(sa.params.total, sb.params.total),
      trainable: delta(sa.params.trainable, sb.params.trainable),
      shared: delta(sa.params.shared, sb.params.shared),
      momentum: delta(sa.params.momentum, sb.params.momentum),
      buffers: delta(sa.params.buffers, sb.params.buffers),
      flops: delta(sa.flops.total, sb.flops.total),
    },
    hypers: hyperChanges(a.ir, b.ir),
    modules,
    shapes: shapesOf(a.ir, b.ir, pairs),
    sharing: { params: sharingParams, groups: sharingGroups(sharingParams), momentum: momentumChanges(a, b, match), queues: queueChanges(a.ir, b.ir) },
    objectives: objectiveChanges(a, b),
    stages: stageChanges(a, b, pairs),
    published: publishedChanges(a, b),
  };
  const totalsEqual = Object.values(report.totals).every((d: Delta) => d.a === d.b);
  const identical =
    totalsEqual &&
    a.ir.model === b.ir.model &&
    report.hypers.length === 0 &&
    modules.every((m) => m.status === "same" && m.changes.length === 0) &&
    report.shapes.inputs.length + report.shapes.params.length === 0 &&
    sharingParams.length + report.sharing.momentum.length + report.sharing.queues.length === 0 &&
    report.objectives.length + report.stages.length + report.published.length === 0 &&
    sameJson(a.ir.objectives.map((o) => o.name), b.ir.objectives.map((o) => o.name));
  return { ...report, identical } as DiffReport;
}

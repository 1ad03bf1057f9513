// Marks on the model's parameters: `frozen` (never trained, in any stage) and `checkpoint` (kept
// to match a checkpoint, so no forward need read it). A mark is written on a parameter
// (`frozen param …`), on a member instance or list of instances (`frozen lm = Decoder(…)`:
// every parameter under it), or, in a model body, over patterns (`frozen ** except adapters.**`).
// Marks are collected while the body runs and applied once sharing is resolved, before stages
// read them. A shared tensor is frozen when any of its names is: all its names carry the mark, so
// no stage can freeze one name and train another.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import type { Span } from "../diagnostics/span.js";
import type { Interp } from "./interp.js";
import { compilePattern, matches, whereItStops } from "./patterns.js";
import { describe, type Value } from "./values.js";

type MarkKind = A.Mark["kind"];

/** What a mark covers: one parameter, every parameter under an instance, or a model-body statement's patterns. */
type Marked = { readonly kind: MarkKind; readonly span: Span } & ({ readonly param: string } | { readonly under: string } | { readonly stmt: A.MarkStmt });

export class Marks {
  private readonly pending: Marked[] = [];
  /** After apply(): each frozen parameter name and where the model declared it frozen. */
  private readonly frozenAt = new Map<string, Span>();

  param(mark: A.Mark, name: string): void {
    this.pending.push({ kind: mark.kind, span: mark.span, param: name });
  }

  statement(s: A.MarkStmt): void {
    this.pending.push({ kind: s.mark.kind, span: s.mark.span, stmt: s });
  }

  /** `frozen name = …`: the value must be an instance or a list of them. */
  value(ip: Interp, s: A.AssignStmt, mark: A.Mark, v: Value): void {
    if (v.k === "error") return;
    const name = s.targets[0]!.name;
    const instances = v.k === "instance" ? [v.inst] : v.k === "list" && v.items.length > 0 && v.items.every((x) => x.k === "instance") ? v.items.map((x) => (x as Extract<Value, { k: "instance" }>).inst) : undefined;
    if (!instances) {
      ip.report(say(Diag.MarkTarget, "notInstance", { mark: mark.kind, name, got: describe(v) }), mark.span);
      return;
    }
    for (const inst of instances) this.pending.push({ kind: mark.kind, span: mark.span, under: inst.path });
  }

  /** Where the model declared this parameter frozen, or undefined when it did not. */
  frozenSite(name: string): Span | undefined {
    return this.frozenAt.get(name);
  }

  /** Sets the marks on the parameters (shares resolved); reports marks that cover nothing. */
  apply(ip: Interp): void {
    const names = [...ip.g.params.keys()];
    const hits = new Map<MarkKind, Map<string, Span>>([
      ["frozen", new Map()],
      ["checkpoint", new Map()],
    ]);
    for (const m of this.pending) {
      const found = covered(ip, m, names);
      for (const n of found) if (!hits.get(m.kind)!.has(n)) hits.get(m.kind)!.set(n, m.span);
    }
    const ownerOf = (n: string): string => ip.g.params.get(n)?.sharedWith ?? n;
    // A frozen name freezes its whole tensor: every name of the share group.
    const frozenOwners = new Map<string, Span>();
    for (const [n, span] of hits.get("frozen")!) if (!frozenOwners.has(ownerOf(n))) frozenOwners.set(ownerOf(n), span);
    reportFrozenThroughSharing(ip, hits.get("frozen")!, frozenOwners, ownerOf);
    for (const p of [...ip.g.params.values()]) {
      const frozen = frozenOwners.get(ownerOf(p.name));
      const checkpoint = hits.get("checkpoint")!.has(p.name);
      if (frozen) this.frozenAt.set(p.name, hits.get("frozen")!.get(p.name) ?? frozen);
      if (frozen || checkpoint) ip.g.setParam({ ...p, ...(frozen ? { frozen: true } : {}), ...(checkpoint ? { checkpoint: true } : {}) });
    }
  }
}

/** Names frozen only because they share a tensor with a frozen name: one warning per `frozen` mark. */
function reportFrozenThroughSharing(ip: Interp, named: ReadonlyMap<string, Span>, frozenOwners: ReadonlyMap<string, Span>, ownerOf: (n: string) => string): void {
  const reached = new Map<Span, string[]>();
  for (const name of ip.g.params.keys()) {
    const by = frozenOwners.get(ownerOf(name));
    if (!by || named.has(name)) continue;
    const list = reached.get(by) ?? [];
    list.push(name);
    reached.set(by, list);
  }
  for (const [span, names] of reached) {
    const shown = names.slice(0, 3).map((n) => `\`${n}\``).join(", ") + (names.length > 3 ? ", …" : "");
    ip.report(say(Diag.FrozenThroughSharing, "shared", { count: names.length, names: shown }), span);
  }
}

/** The parameter names a mark covers, reporting one that covers none. */
function covered(ip: Interp, m: Marked, names: readonly string[]): string[] {
  if ("param" in m) return [m.param];
  if ("under" in m) {
    const found = names.filter((n) => n.startsWith(m.under + "."));
    if (found.length === 0) ip.report(say(Diag.MarkTarget, "noParams", { mark: m.kind, name: m.under }), m.span);
    return found;
  }
  const out = new Set<string>();
  for (const p of m.stmt.patterns.map(compilePattern)) {
    const found = names.filter((n) => matches(p, n));
    if (found.length === 0) ip.report(say(Diag.MarkTarget, "noMatch", { mark: m.kind, pattern: p.text }), p.span, { hint: whereItStops(p, names) });
    for (const n of found) out.add(n);
  }
  for (const p of m.stmt.except.map(compilePattern)) {
    const found = [...out].filter((n) => matches(p, n));
    if (found.length === 0) ip.report(say(Diag.MarkTarget, "exceptNothing", { mark: m.kind, pattern: p.text }), p.span, { hint: whereItStops(p, [...out]) });
    for (const n of found) out.delete(n);
  }
  return [...out];
}

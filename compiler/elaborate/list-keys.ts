// Lists with holes: `[Adapter(w) for i in 0..depth if i % 4 == 3]` keeps the items whose
// condition holds, and a list of instances built that way names each element by its position
// in the iterable (`adapters.3`, `adapters.7`), so parameter names — and the checkpoints,
// summaries and diffs that read them — say which layer an element belongs to. Such a list is
// indexed by those names (`adapters[7]`), and `i in adapters` asks whether element i exists, so
// a forward walking the layers finds the adapter of layer i without index arithmetic. For a
// list without holes the names are the positions, and nothing changes.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { Env } from "./env.js";
import type { Instance } from "./instance.js";
import type { Interp } from "./interp.js";
import { evalExpr } from "./expr.js";
import { expectKind } from "./report/value-types.js";
import { bool, describe, ERROR, numberOf, type Value } from "./values.js";

/** An item a comprehension keeps, with its position in the iterable (the name it gives an instance). */
export interface KeptItem {
  readonly at: number;
  readonly item: Value;
}

/** The items for which the comprehension's `if` holds (all of them without one); undefined after an error. */
export function keptItems(ip: Interp, e: A.ComprehensionExpr, items: readonly Value[], env: Env): KeptItem[] | undefined {
  const kept: KeptItem[] = [];
  for (const [at, item] of items.entries()) {
    if (e.filter) {
      const inner = new Env(env);
      inner.set(e.variable.name, item);
      const c = evalExpr(ip, e.filter, inner);
      if (c.k !== "bool") {
        expectKind(ip, c, "a bool for the comprehension's `if`", e.filter.span);
        return undefined;
      }
      if (!c.v) continue;
    }
    kept.push({ at, item });
  }
  return kept;
}

/** The name of each element of an instance list (the last segment of its path). */
export function elementKey(inst: Instance): string {
  return inst.path.slice(inst.path.lastIndexOf(".") + 1);
}

/** Position of the element named `key` in an instance list, or -1. */
export function positionOfKey(list: Instance, key: number): number {
  return list.items!.findIndex((x) => elementKey(x) === String(key));
}

/** `x in xs`: an element of a list or range, or (for a list of instances) the name of an element. */
export function membership(ip: Interp, l: Value, r: Value, span: A.Span): Value {
  if (l.k === "error" || r.k === "error") return ERROR;
  if (r.k === "instance" && r.inst.items) {
    const key = l.k === "int" ? numberOf(l) : undefined;
    if (key === undefined) return expectKind(ip, l, "an int index on the left of `in`", span);
    return bool(positionOfKey(r.inst, key) >= 0);
  }
  if (r.k === "range") {
    const n = l.k === "int" ? numberOf(l) : undefined;
    if (n === undefined) return expectKind(ip, l, "an int on the left of `in` a range", span);
    return bool(n >= r.start && n < r.end);
  }
  if (r.k === "list") {
    const same = (x: Value): boolean => {
      if ((x.k === "int" || x.k === "float") && (l.k === "int" || l.k === "float")) return numberOf(x) !== undefined && numberOf(x) === numberOf(l);
      return (x.k === "str" || x.k === "bool") && x.k === l.k && x.v === l.v;
    };
    return bool(r.items.some(same));
  }
  return ip.report(say(Diag.WrongKind, "operands", { op: "in", left: describe(l), right: describe(r) }), span);
}

// Indexing: `x[:, 0]` selects, `x[:, 1:]` slices, `x[..., :d]` skips leading axes, `x[idx]`
// with an integer tensor gathers; lists and ranges index by position, instance lists by their
// elements' names (the position, unless a `for … if` left holes: compiler/elaborate/list-keys.ts);
// negative indices and slice bounds count positions from the end.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { expectKind } from "./report/value-types.js";
import { Dim } from "../shapes/dim.js";
import type { Env } from "./env.js";
import type { Interp } from "./interp.js";
import { constInt, evalExpr } from "./expr.js";
import { describe, ERROR, int, type Value } from "./values.js";
import { elementKey } from "./list-keys.js";

export function indexValue(ip: Interp, obj: Value, items: readonly A.IndexItem[], env: Env, span: A.Span): Value {
  if (obj.k === "error") return ERROR;
  if (obj.k === "tensor") return indexTensor(ip, obj, items, env, span);
  if (obj.k === "instance" && !obj.inst.isList) {
    const name = obj.inst.path.split(".").pop() || "it";
    return ip.report(say(Diag.WrongKind, "notIndexable", { what: describe(obj), name }), span);
  }
  if (items.length !== 1 || items[0]!.kind === "EllipsisExpr") {
    return ip.report(say(Diag.IndexOutOfRange, "singleIndex"), span);
  }
  const item = items[0]!;
  const elems: Value[] | undefined =
    obj.k === "list"
      ? [...obj.items]
      : obj.k === "range"
        ? Array.from({ length: Math.max(0, obj.end - obj.start) }, (_, i) => int(obj.start + i))
        : obj.k === "instance" && obj.inst.items
          ? obj.inst.items.map((inst) => ({ k: "instance", inst }) as Value)
          : undefined;
  if (!elems) return expectKind(ip, obj, "a tensor, list or instance list to index", span);
  // An instance list's element is found by its name, the others' by position.
  const keys = obj.k === "instance" && obj.inst.items ? obj.inst.items.map((x) => Number(elementKey(x))) : undefined;
  if (item.kind === "SliceExpr") {
    const s = item.start ? constInt(ip, evalExpr(ip, item.start, env), item.start.span, "a slice start") : 0;
    const t = item.end ? constInt(ip, evalExpr(ip, item.end, env), item.end.span, "a slice end") : Infinity;
    if (s === undefined || t === undefined) return ERROR;
    // A bound is a position from the end when negative, else the first element named at or after it.
    const norm = (i: number): number => (i < 0 ? elems.length + i : keys ? keys.filter((k) => k < i).length : Math.min(i, elems.length));
    return { k: "list", items: elems.slice(norm(s), norm(t)), tuple: obj.k === "list" && obj.tuple };
  }
  const i = constInt(ip, evalExpr(ip, item, env), item.span, "an index");
  if (i === undefined) return ERROR;
  if (keys && i >= 0 && keys.some((k, at) => k !== at)) {
    const at = keys.indexOf(i);
    if (at < 0) {
      const list = obj.k === "instance" ? elementKey(obj.inst) : "the list";
      return ip.report(say(Diag.IndexOutOfRange, "missingKey", { list, index: i, keys: keys.join(", ") }), item.span);
    }
    return elems[at]!;
  }
  const at = i < 0 ? elems.length + i : i;
  if (at < 0 || at >= elems.length) {
    return ip.report(say(Diag.IndexOutOfRange, "listIndex", { index: i, count: elems.length }), item.span);
  }
  return elems[at]!;
}

function indexTensor(ip: Interp, x: Value & { k: "tensor" }, items: readonly A.IndexItem[], env: Env, span: A.Span): Value {
  const rank = x.type.shape.length;
  const ellipses = items.filter((i) => i.kind === "EllipsisExpr").length;
  if (ellipses > 1) return ip.report(say(Diag.IndexOutOfRange, "ellipsisTwice"), span);
  const explicit = items.length - ellipses;
  if (explicit > rank) {
    return ip.report(say(Diag.IndexOutOfRange, "tooManyIndices", { count: explicit, rank }), span);
  }
  let cur: Value = x;
  let axis = 0;
  for (const item of items) {
    if (cur.k === "error") return ERROR;
    if (item.kind === "EllipsisExpr") {
      axis += rank - explicit;
      continue;
    }
    if (item.kind === "SliceExpr") {
      if (!item.start && !item.end) {
        axis++;
        continue;
      }
      const size = (cur as { type: { shape: readonly Dim[] } }).type.shape[axis]!;
      const start = item.start ? dimOf(ip, evalExpr(ip, item.start, env), item.start.span) : Dim.of(0);
      const end = item.end ? dimOf(ip, evalExpr(ip, item.end, env), item.end.span) : size;
      if (!start || !end) return ERROR;
      cur = ip.emit("slice", [cur], { axis, start, end }, span);
      axis++;
      continue;
    }
    const v = evalExpr(ip, item, env);
    if (v.k === "error") return ERROR;
    if (v.k === "tensor") {
      cur = ip.emit("gather", [cur, v], { axis }, span);
      axis += v.type.shape.length;
      continue;
    }
    const index = dimOf(ip, v, item.span);
    if (!index) return ERROR;
    cur = ip.emit("select", [cur], { axis, index }, span);
  }
  return cur;
}

function dimOf(ip: Interp, v: Value, span: A.Span): Dim | undefined {
  if (v.k === "int") return v.v;
  if (v.k !== "error") expectKind(ip, v, "an int index", span);
  return undefined;
}

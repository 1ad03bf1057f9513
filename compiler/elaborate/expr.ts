// Expression evaluation. Compile-time arithmetic (dims, floats, bools) is computed here; tensor
// arithmetic emits elementwise ops. Only the taken branch of `if … then … else` is evaluated.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { DimFault, type Dim } from "../shapes/dim.js";
import { INSTANCE_HELPERS, isBuiltinName } from "../prelude.js";
import { isFloat } from "../ir/types.js";
import { OPERATOR_OPS } from "../ir/operators.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { expectKind } from "./report/value-types.js";
import { memberOf } from "./report/member-access.js";
import { inputDimAsNumber } from "./report/input-dims.js";
import { Env } from "./env.js";
import type { Interp, Naming } from "./interp.js";
import { evalCall } from "./calls.js";
import { indexValue } from "./indexing.js";
import { makeInstanceList } from "./instantiate.js";
import { keptItems, membership } from "./list-keys.js";
import { bool, describe, ERROR, floatText, int, NONE, numberOf, type Value } from "./values.js";

export function evalExpr(ip: Interp, e: A.Expr, env: Env, naming?: Naming): Value {
  if (!ip.step(e.span)) return ERROR;
  switch (e.kind) {
    case "NumberLit":
      if (e.isInt) {
        if (!Number.isSafeInteger(e.value)) return ip.report(say(Diag.BadDim, "intTooLargeLiteral", { text: e.text }), e.span);
        return int(e.value);
      }
      return { k: "float", v: e.value };
    case "StringLit":
      return { k: "str", v: e.value };
    case "BoolLit":
      return bool(e.value);
    case "NoneLit":
      return NONE;
    case "NameExpr":
      return lookupName(ip, e, env);
    case "BinaryExpr":
      return evalBinary(ip, e, env);
    case "UnaryExpr":
      return evalUnary(ip, e, env);
    case "CallExpr":
      return evalCall(ip, e, env, naming);
    case "MemberExpr":
      return memberOf(ip, evalExpr(ip, e.object, env), e.member, e.span);
    case "IndexExpr":
      return indexValue(ip, evalExpr(ip, e.object, env), e.items, env, e.span);
    case "ListExpr":
      return list(ip, e.items, env, false);
    case "TupleExpr":
      return list(ip, e.items, env, true);
    case "ComprehensionExpr":
      return evalComprehension(ip, e, env, naming);
    case "RangeExpr": {
      const s = constInt(ip, evalExpr(ip, e.start, env), e.start.span, "a range start");
      const t = constInt(ip, evalExpr(ip, e.end, env), e.end.span, "a range end");
      if (s === undefined || t === undefined) return ERROR;
      // `0..depth` with a negative depth would silently build nothing: a count below zero is
      // always a mistake in the configuration (an empty range, `0..0`, is allowed).
      if (t < s) {
        return ip.report(say(Diag.NegativeCount, "range", { start: s, end: t, count: t - s }), e.span);
      }
      return { k: "range", start: s, end: t };
    }
    case "CondExpr": {
      const c = evalExpr(ip, e.cond, env);
      if (c.k === "error") return ERROR;
      if (c.k !== "bool") return expectKind(ip, c, "a bool condition", e.cond.span);
      return evalExpr(ip, c.v ? e.then : e.else, env, naming);
    }
  }
}

function lookupName(ip: Interp, e: A.NameExpr, env: Env): Value {
  const v = env.lookup(e.name);
  if (v) return v;
  if (isBuiltinName(e.name)) return { k: "builtin", name: e.name };
  // Name resolution already proved the name is declared somewhere in scope.
  return ip.report(say(Diag.UseBeforeDefinition, "notYet", { name: e.name }), e.span, {
    hint: didYouMean(e.name, env.allNames()) ?? phrase(Diag.UseBeforeDefinition, "notYetHint"),
  });
}

function list(ip: Interp, items: readonly A.Expr[], env: Env, tuple: boolean): Value {
  const vals = items.map((i) => evalExpr(ip, i, env));
  return vals.some((v) => v.k === "error") ? ERROR : { k: "list", items: vals, tuple };
}

/** A known integer (for ranges, repeat counts, axes). */
export function constInt(ip: Interp, v: Value, span: A.Span, what: string): number | undefined {
  if (v.k === "error") return undefined;
  if (v.k === "int") {
    if (v.v.value !== undefined) return v.v.value;
    inputDimAsNumber(ip, what, v.v, span);
    return undefined;
  }
  expectKind(ip, v, `an int for ${what}`, span);
  return undefined;
}

/** Values a `for` loop or comprehension iterates over. */
export function iterate(ip: Interp, v: Value, span: A.Span): Value[] | undefined {
  switch (v.k) {
    case "range": {
      if (v.end - v.start > 100_000) {
        ip.report(say(Diag.ElaborationLimit, "rangeLength", { start: v.start, end: v.end }), span);
        return undefined;
      }
      const out: Value[] = [];
      for (let i = v.start; i < v.end; i++) out.push(int(i));
      return out;
    }
    case "list":
      return [...v.items];
    case "instance":
      if (v.inst.items) return v.inst.items.map((inst) => ({ k: "instance", inst }) as Value);
      break;
    case "error":
      return undefined;
    default:
      break;
  }
  expectKind(ip, v, "something to iterate over (a range, a list, or a list of instances)", span);
  return undefined;
}

function evalComprehension(ip: Interp, e: A.ComprehensionExpr, env: Env, naming?: Naming): Value {
  const all = iterate(ip, evalExpr(ip, e.iterable, env), e.iterable.span);
  const items = all && keptItems(ip, e, all, env);
  if (!items) return ERROR;
  const makesInstances = naming !== undefined && isInstantiation(e.element, env);
  if (makesInstances) return makeInstanceList(ip, e, items, env, naming!);
  const out: Value[] = [];
  for (const { item } of items) {
    const inner = new Env(env);
    inner.set(e.variable.name, item);
    const v = evalExpr(ip, e.element, inner);
    if (v.k === "error") return ERROR;
    out.push(v);
  }
  return { k: "list", items: out, tuple: false };
}

/** Does this element expression construct an instance (a block call, or `ema`)? */
function isInstantiation(e: A.Expr, env: Env): boolean {
  if (e.kind === "CondExpr") return isInstantiation(e.then, env) || isInstantiation(e.else, env);
  if (e.kind !== "CallExpr" || e.callee.kind !== "NameExpr") return false;
  const callee = env.lookup(e.callee.name);
  return callee?.k === "block" || (callee === undefined && INSTANCE_HELPERS.has(e.callee.name));
}

// ------------------------------------------------------------------ operators

const TENSOR_OPS: Partial<Record<A.BinaryOp, string>> = OPERATOR_OPS;

function evalBinary(ip: Interp, e: A.BinaryExpr, env: Env): Value {
  const l = evalExpr(ip, e.left, env);
  if (l.k === "error") return ERROR;
  // Short-circuit compile-time logic so `has_x and x.y` works when has_x is false.
  if ((e.op === "and" || e.op === "or") && l.k === "bool") {
    if (e.op === "and" && !l.v) return l;
    if (e.op === "or" && l.v) return l;
  }
  const r = evalExpr(ip, e.right, env);
  if (r.k === "error") return ERROR;
  return binaryOp(ip, e.op, l, r, e.span);
}

export function binaryOp(ip: Interp, op: A.BinaryOp, l: Value, r: Value, span: A.Span): Value {
  if (op === "in") return membership(ip, l, r, span);
  if ((op === "==" || op === "!=") && (l.k === "none" || r.k === "none")) {
    const same = l.k === "none" && r.k === "none";
    return bool(op === "==" ? same : !same);
  }
  if (l.k === "tensor" || r.k === "tensor") return tensorBinary(ip, op, l, r, span);
  if (l.k === "int" && r.k === "int") return intBinary(ip, op, l.v, r.v, span);
  const a = numberOf(l);
  const b = numberOf(r);
  if ((l.k === "int" || l.k === "float") && (r.k === "int" || r.k === "float")) {
    if (a === undefined || b === undefined) {
      const symbolic = l.k === "int" && a === undefined ? l.v : (r as Extract<Value, { k: "int" }>).v;
      return inputDimAsNumber(ip, `an operand of \`${op}\` with a float`, symbolic, span, "runtime");
    }
    return floatBinary(ip, op, a, b, span);
  }
  if (l.k === "bool" && r.k === "bool") {
    if (op === "and") return bool(l.v && r.v);
    if (op === "or") return bool(l.v || r.v);
    if (op === "==") return bool(l.v === r.v);
    if (op === "!=") return bool(l.v !== r.v);
  }
  if (l.k === "str" && r.k === "str") {
    if (op === "==") return bool(l.v === r.v);
    if (op === "!=") return bool(l.v !== r.v);
    if (op === "+") return { k: "str", v: l.v + r.v };
  }
  if (l.k === "list" && r.k === "list" && op === "+") return { k: "list", items: [...l.items, ...r.items], tuple: l.tuple && r.tuple };
  return ip.report(say(Diag.WrongKind, "operands", { op, left: describe(l), right: describe(r) }), span);
}

function intBinary(ip: Interp, op: A.BinaryOp, a: Dim, b: Dim, span: A.Span): Value {
  try {
    switch (op) {
      case "+":
        return int(a.add(b).checked());
      case "-":
        return int(a.sub(b).checked());
      case "*":
        return int(a.mul(b).checked());
      case "/":
        return int(a.div(b).checked());
      case "//":
        return int(a.floordiv(b).checked());
      case "%":
        return int(a.mod(b).checked());
      case "^":
        return int(a.pow(b).checked());
      default:
        break;
    }
  } catch (err) {
    if (err instanceof DimFault) {
      if (err.kind === "divisible") {
        return ip.report(say(Diag.NotDivisible, "exactDivision", { reason: err.message }), span);
      }
      return ip.report(say(Diag.BadDim, "dimArithmetic", { message: err.message }), span);
    }
    throw err;
  }
  const c = a.compare(b);
  if (c === undefined) {
    return ip.report(say(Diag.UndecidableCondition, "comparison", { a: String(a), op, b: String(b) }), span);
  }
  switch (op) {
    case "==":
      return bool(c === 0);
    case "!=":
      return bool(c !== 0);
    case "<":
      return bool(c < 0);
    case "<=":
      return bool(c <= 0);
    case ">":
      return bool(c > 0);
    case ">=":
      return bool(c >= 0);
    default:
      return ip.report(say(Diag.WrongKind, "twoInts", { op }), span);
  }
}

/** Python's (and the tensor op `remainder`'s) `%`: the result takes the divisor's sign. */
function floorMod(a: number, b: number): number {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0; // a zero takes the divisor's sign too
  return r < 0 !== b < 0 ? r + b : r;
}

function floatBinary(ip: Interp, op: A.BinaryOp, a: number, b: number, span: A.Span): Value {
  const f = (x: number): Value => {
    if (!Number.isFinite(x)) return ip.report(say(Diag.BadDim, "floatNotFinite", { a: floatText(a), op, b: floatText(b) }), span);
    return { k: "float", v: x };
  };
  switch (op) {
    case "+":
      return f(a + b);
    case "-":
      return f(a - b);
    case "*":
      return f(a * b);
    case "/":
      return f(a / b);
    case "//":
      return f(Math.floor(a / b));
    case "%":
      return f(floorMod(a, b));
    case "^":
      return f(a ** b);
    case "==":
      return bool(a === b);
    case "!=":
      return bool(a !== b);
    case "<":
      return bool(a < b);
    case "<=":
      return bool(a <= b);
    case ">":
      return bool(a > b);
    case ">=":
      return bool(a >= b);
    default:
      return ip.report(say(Diag.WrongKind, "twoNumbers", { op }), span);
  }
}

/**
 * A number as a scalar node of the given dtype: a constant, or — for an input dimension, whose
 * size is known only when the model runs (`loss / B`) — a node reading it then.
 */
export function constantNode(ip: Interp, v: Value, dtype: string, span: A.Span): Value {
  const n = numberOf(v);
  if (v.k === "bool") return ip.emit("constant", [], { value: v.v ? 1 : 0, dtype: "bool" }, span);
  if (n === undefined && v.k === "int") {
    if (dtype === "bool") return inputDimAsNumber(ip, "a scalar combined with a bool tensor", v.v, span);
    return ip.emit("dim_value", [], { dim: v.v, dtype }, span);
  }
  if (n === undefined) return expectKind(ip, v, "a tensor or a number", span);
  const integral = Number.isInteger(n);
  if (!integral && !isFloat(dtype as never)) {
    return ip.report(say(Diag.DtypeMismatch, "floatConstant", { value: n, dtype }), span);
  }
  return ip.emit("constant", [], { value: n, dtype }, span);
}

function tensorBinary(ip: Interp, op: A.BinaryOp, l: Value, r: Value, span: A.Span): Value {
  const name = TENSOR_OPS[op];
  if (!name) return ip.report(say(Diag.WrongKind, "tensorOp", { op }), span, { hint: op === "//" ? phrase(Diag.WrongKind, "tensorOpsHint") : undefined });
  const like = l.k === "tensor" ? l.type.dtype : (r as { type: { dtype: string } }).type.dtype;
  const a = l.k === "tensor" ? l : constantNode(ip, l, like, span);
  const b = r.k === "tensor" ? r : constantNode(ip, r, like, span);
  return ip.emit(name, [a, b], {}, span);
}

function evalUnary(ip: Interp, e: A.UnaryExpr, env: Env): Value {
  const v = evalExpr(ip, e.operand, env);
  if (v.k === "error") return ERROR;
  if (e.op === "not") {
    if (v.k === "bool") return bool(!v.v);
    if (v.k === "tensor") return ip.emit("logical_not", [v], {}, e.span);
    return expectKind(ip, v, "a bool", e.operand.span);
  }
  if (v.k === "int") return int(v.v.neg());
  if (v.k === "float") return { k: "float", v: -v.v };
  if (v.k === "tensor") return ip.emit("neg", [v], {}, e.span);
  return expectKind(ip, v, "a number or a tensor", e.operand.span);
}


// Builtins: registry ops called as functions (arguments bound by the op's declared inputs and
// attributes), compile-time helpers (min, max, len, int, float), constructors of state (ema,
// queue), initialisers inside `init` and data sources inside `from` (elaborate/sources.ts).
import type * as A from "../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { matchArguments, type ArgVal } from "./report/call-arguments.js";
import { expectKind } from "./report/value-types.js";
import { unnamedInstance } from "./report/instance-placement.js";
import { checkEnqueueTarget } from "./report/queue-writes.js";
import { queueInit } from "./report/queue-init.js";
import { inputDimAsNumber } from "./report/input-dims.js";
import { getOp, OPS, type OpAttr, type OpDef } from "../ir/ops.js";
import { DTYPES, type AttrValue, type DType, type InitSpec } from "../ir/types.js";
import { INITIALISERS } from "../ir/init.js";
import { Dim } from "../shapes/dim.js";
import { Env } from "./env.js";
import type { Interp, Naming } from "./interp.js";
import { constantNode, evalExpr } from "./expr.js";
import { momentumCopy } from "./instantiate.js";
import { isSourceBuiltin, sourceCall } from "./sources.js";
import { describe, ERROR, int, numberOf, type Value } from "./values.js";

/** Elementwise ops that also work on compile-time numbers (`init constant(log(1 / 0.07))`). */
const SCALAR_MATH: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};

export function callBuiltin(
  ip: Interp,
  name: string,
  args: readonly ArgVal[],
  e: A.CallExpr,
  naming: Naming | undefined,
  override?: DiagnosticKind,
): Value {
  const span = e.span;
  if (name.startsWith("init:")) return initCall(ip, name.slice(5), args, span);
  if (isSourceBuiltin(name)) return sourceCall(ip, name, args, span);
  const math = SCALAR_MATH[name];
  if (math && args.length === 1 && !args[0]!.name && (args[0]!.value.k === "int" || args[0]!.value.k === "float")) {
    const x = numberOf(args[0]!.value);
    if (x === undefined) return inputDimAsNumber(ip, `the argument of ${name}(…)`, (args[0]!.value as Extract<Value, { k: "int" }>).v, span, "runtime");
    const y = math(x);
    return Number.isFinite(y) ? { k: "float", v: y } : ip.report(say(Diag.BadDim, "notFinite", { fn: name, x }), span);
  }
  switch (name) {
    case "min":
    case "max":
      return minMax(ip, name, args, span);
    case "len":
      return length(ip, args, span);
    case "int":
    case "float":
      return convert(ip, name, args, span);
    case "zeros":
    case "ones":
      return filled(ip, name === "ones" ? 1 : 0, args, span);
    case "ema":
      return ema(ip, args, span, naming);
    case "queue":
      return queue(ip, args, span, naming);
    case "enqueue":
      if (!checkEnqueueTarget(ip, args)) return ERROR;
      break;
    default:
      break;
  }
  const op = OPS.get(name);
  if (!op) return ip.report(say(Diag.UnknownName, "builtin", { name }), span);
  return callOp(ip, op, args, span, override);
}

// ------------------------------------------------------------------ ops as functions

function attrValue(ip: Interp, attr: OpAttr, v: Value, span: A.Span, fn: string): AttrValue | undefined {
  const bad = (needed: string): undefined => {
    ip.report(say(Diag.ArgumentType, "attr", { attr: attr.name, fn, needed, got: describe(v) }), span);
    return undefined;
  };
  const n = numberOf(v);
  switch (attr.kind) {
    case "int":
    case "axis":
      if (v.k === "int" && n !== undefined) return n;
      return bad(v.k === "int" ? "a known integer (not an input dimension)" : "an int");
    case "float":
      return n !== undefined ? n : bad("a number");
    case "number?":
      return v.k === "none" ? null : n !== undefined ? n : bad("a number or none");
    case "bool":
      return v.k === "bool" ? v.v : bad("a bool");
    case "str":
      return v.k === "str" ? v.v : bad("a string");
    case "dtype":
      return v.k === "str" && (DTYPES as readonly string[]).includes(v.v) ? v.v : bad(`a dtype (${DTYPES.map((d) => `"${d}"`).join(", ")})`);
    case "dim":
      return v.k === "int" ? v.v : bad("an int");
    case "dims":
    case "axes": {
      if (v.k !== "list" || !v.items.every((x) => x.k === "int")) return bad("a list of ints");
      const dims = v.items.map((x) => (x as { v: Dim }).v);
      if (attr.kind === "dims") return dims;
      if (dims.some((d) => d.value === undefined)) return bad("a list of known integers");
      return dims.map((d) => d.value!);
    }
    case "pattern": {
      const ok = v.k === "list" && v.items.every((row) => row.k === "list" && row.items.every((c) => c.k === "str"));
      if (!ok) return bad('a list of rows of "full", "none" or "causal"');
      const rows = (v as { items: readonly Value[] }).items as readonly { items: readonly { v: string }[] }[];
      return rows.map((row) => row.items.map((c) => c.v));
    }
  }
}

export function callOp(ip: Interp, op: OpDef, args: readonly ArgVal[], span: A.Span, override?: DiagnosticKind): Value {
  const specs = [
    ...op.inputs.map((i) => ({ name: i.name, required: !i.optional })),
    ...op.attrs.map((a) => ({ name: a.name, required: a.default === undefined })),
  ];
  const variadic = op.inputs.find((i) => i.variadic);
  const positional = args.filter((a) => !a.name);
  if (variadic && positional.length > 1 && positional.every((a) => a.value.k === "tensor")) {
    return ip.report(say(Diag.TooManyArguments, "tensorList", { op: op.name }), span);
  }
  const matched = matchArguments(ip, specs, args, op.name, span, override);
  if (!matched) return ERROR;
  // A number beside tensors takes their dtype; a bool tensor (a condition or mask) only when
  // there is nothing else, so `where(mask, ids, -100)` makes an i32 constant.
  const tensors = [...matched.values()].map((a) => a.value).filter((v): v is Value & { k: "tensor" } => v.k === "tensor");
  const like = (tensors.find((t) => t.type.dtype !== "bool") ?? tensors[0])?.type.dtype;
  const inputs: Value[] = [];
  for (const input of op.inputs) {
    const a = matched.get(input.name);
    if (!a || a.value.k === "none") {
      if (!input.optional && a) return ip.report(say(Diag.ArgumentType, "inputRequired", { input: input.name, op: op.name }), a.span);
      inputs.push({ k: "none" });
      continue;
    }
    if (input.variadic) {
      if (a.value.k !== "list" || !a.value.items.every((x) => x.k === "tensor")) {
        return ip.report(say(Diag.ArgumentType, "inputList", { input: input.name, op: op.name, got: describe(a.value) }), a.span);
      }
      inputs.push(...a.value.items);
      continue;
    }
    if (a.value.k === "tensor") inputs.push(a.value);
    else if (a.value.k === "int" || a.value.k === "float" || a.value.k === "bool") {
      const dtype = like ?? (a.value.k === "float" ? "f32" : a.value.k === "bool" ? "bool" : "i32");
      inputs.push(constantNode(ip, a.value, dtype, a.span));
    } else return ip.report(say(Diag.ArgumentType, "inputTensor", { input: input.name, op: op.name, got: describe(a.value) }), a.span);
  }
  const attrs: Record<string, AttrValue> = {};
  for (const attr of op.attrs) {
    const a = matched.get(attr.name);
    if (!a) {
      attrs[attr.name] = attr.default ?? null;
      continue;
    }
    const v = attrValue(ip, attr, a.value, a.span, op.name);
    if (v === undefined) return ERROR;
    attrs[attr.name] = v;
  }
  if (op.identityAtZero !== undefined && attrs[op.identityAtZero] === 0) return ip.passThrough(op.name, inputs, attrs, span, override);
  return ip.emit(op.name, inputs, attrs, span, override);
}

// ------------------------------------------------------------------ helpers

function positional(ip: Interp, fn: string, params: { name: string; required: boolean }[], args: readonly ArgVal[], span: A.Span) {
  return matchArguments(ip, params, args, fn, span);
}

function minMax(ip: Interp, name: "min" | "max", args: readonly ArgVal[], span: A.Span): Value {
  const m = positional(ip, name, [{ name: "a", required: true }, { name: "b", required: true }], args, span);
  if (!m) return ERROR;
  const a = m.get("a")!.value;
  const b = m.get("b")!.value;
  if (a.k === "tensor" || b.k === "tensor") return callOp(ip, getOp(name === "min" ? "minimum" : "maximum"), [m.get("a")!, m.get("b")!].map((x) => ({ value: x.value, span: x.span })), span);
  if (a.k === "int" && b.k === "int") return int(name === "min" ? a.v.min(b.v) : a.v.max(b.v));
  const x = numberOf(a);
  const y = numberOf(b);
  if (x === undefined || y === undefined) return expectKind(ip, x === undefined ? a : b, "a number or a tensor", span);
  return { k: "float", v: name === "min" ? Math.min(x, y) : Math.max(x, y) };
}

function length(ip: Interp, args: readonly ArgVal[], span: A.Span): Value {
  const m = positional(ip, "len", [{ name: "x", required: true }], args, span);
  if (!m) return ERROR;
  const v = m.get("x")!.value;
  if (v.k === "list") return int(v.items.length);
  if (v.k === "range") return int(Math.max(0, v.end - v.start));
  if (v.k === "instance" && v.inst.items) return int(v.inst.items.length);
  if (v.k === "tensor" && v.type.shape.length > 0) return int(v.type.shape[0]!);
  return expectKind(ip, v, "a list, range, instance list or tensor", span);
}

function convert(ip: Interp, name: "int" | "float", args: readonly ArgVal[], span: A.Span): Value {
  const m = positional(ip, name, [{ name: "x", required: true }], args, span);
  if (!m) return ERROR;
  const v = m.get("x")!.value;
  if (name === "float") {
    const x = numberOf(v);
    if (x !== undefined) return { k: "float", v: x };
    // An input dimension's value exists only when the model runs: a scalar tensor read then.
    return v.k === "int" ? ip.emit("dim_value", [], { dim: v.v, dtype: "f32" }, span) : expectKind(ip, v, "a known number", span);
  }
  if (v.k === "int") return v;
  if (v.k === "float") {
    if (!Number.isInteger(v.v)) return ip.report(say(Diag.BadDim, "intFraction", { x: v.v }), span);
    if (!Number.isSafeInteger(v.v)) return ip.report(say(Diag.BadDim, "intTooLarge", { x: v.v }), span);
    return int(v.v);
  }
  return expectKind(ip, v, "a number", span);
}

function named(name: string, a: ArgVal): ArgVal {
  return { name: { kind: "Ident", name, span: a.span }, value: a.value, span: a.span };
}

function filled(ip: Interp, value: number, args: readonly ArgVal[], span: A.Span): Value {
  const m = positional(ip, value ? "ones" : "zeros", [{ name: "shape", required: true }, { name: "dtype", required: false }], args, span);
  if (!m) return ERROR;
  const full: ArgVal[] = [named("shape", m.get("shape")!), named("value", { value: { k: "float", v: value }, span })];
  const dtype = m.get("dtype");
  if (dtype) full.push(named("dtype", dtype));
  return callOp(ip, getOp("full"), full, span);
}

function ema(ip: Interp, args: readonly ArgVal[], span: A.Span, naming: Naming | undefined): Value {
  if (!naming) return unnamedInstance(ip, "ema", span);
  const m = positional(ip, "ema", [{ name: "source", required: true }, { name: "decay", required: true }], args, span);
  if (!m) return ERROR;
  const source = m.get("source")!;
  const decay = numberOf(m.get("decay")!.value);
  if (source.value.k !== "instance") return expectKind(ip, source.value, "an instance to copy", source.span);
  if (decay === undefined || !(decay > 0 && decay < 1)) {
    return ip.report(say(Diag.ArgumentType, "emaDecay", { got: describe(m.get("decay")!.value) }), m.get("decay")!.span);
  }
  return momentumCopy(ip, source.value.inst, decay, naming, span);
}

function queue(ip: Interp, args: readonly ArgVal[], span: A.Span, naming: Naming | undefined): Value {
  if (!naming) return unnamedInstance(ip, "queue", span);
  const m = positional(
    ip,
    "queue",
    [{ name: "size", required: true }, { name: "dim", required: true }, { name: "dtype", required: false }, { name: "init", required: false }],
    args,
    span,
  );
  if (!m) return ERROR;
  const dims: number[] = [];
  for (const key of ["size", "dim"]) {
    const a = m.get(key)!;
    const n = a.value.k === "int" ? a.value.v.value : undefined;
    if (a.value.k === "int" && n === undefined) return inputDimAsNumber(ip, `queue ${key}`, a.value.v, a.span);
    if (n === undefined || n <= 0) return ip.report(say(Diag.BadDim, "queueSize", { dim: key, got: describe(a.value) }), a.span);
    dims.push(n);
  }
  const dt = m.get("dtype")?.value;
  const dtype: DType = dt?.k === "str" && (DTYPES as readonly string[]).includes(dt.v) ? (dt.v as DType) : "f32";
  const init = queueInit(ip, dtype, m.get("init"), span);
  if (!init) return ERROR;
  const name = naming.owner.child(naming.name);
  const pointer = `${name}.ptr`;
  ip.g.buffers.set(name, { name, dtype, shape: dims, init, role: "queue", pointer, span: naming.span });
  ip.g.buffers.set(pointer, { name: pointer, dtype: "i32", shape: [], init: { kind: "zeros", args: {} }, role: "pointer", span: naming.span });
  return ip.emit("buffer", [], { name, dtype, shape: dims.map((d) => Dim.of(d)) }, span);
}

// ------------------------------------------------------------------ initialisers

function initCall(ip: Interp, kind: string, args: readonly ArgVal[], span: A.Span): Value {
  const params = INITIALISERS.get(kind)?.args ?? [];
  const m = matchArguments(ip, params.map((p) => ({ name: p.name, required: p.default === undefined })), args, kind, span);
  if (!m) return ERROR;
  const out: Record<string, number> = {};
  for (const p of params) {
    const a = m.get(p.name);
    const n = a ? numberOf(a.value) : p.default;
    if (n === undefined) return ip.report(say(Diag.ArgumentType, "initNumber", { param: p.name, init: kind }), a?.span ?? span);
    out[p.name] = n;
  }
  return { k: "init", spec: { kind, args: out } };
}

/** The value of an initialiser argument (compiler/prelude.ts `takesInitialiser`): the initialiser, or the poison value after reporting. */
export function initArgument(ip: Interp, e: A.Expr, env: Env): Value {
  const spec = evalInit(ip, e, env);
  return spec ? { k: "init", spec } : ERROR;
}

/** Evaluates an `init` clause: initialiser names are in scope there, and a bare number means constant(value). */
export function evalInit(ip: Interp, e: A.Expr, env: Env): InitSpec | undefined {
  const initEnv = new Env(env);
  for (const def of INITIALISERS.values()) {
    initEnv.set(def.kind, def.args.length === 0 ? { k: "init", spec: { kind: def.kind, args: {} } } : { k: "builtin", name: `init:${def.kind}` });
  }
  const v = evalExpr(ip, e, initEnv);
  if (v.k === "init") return v.spec;
  // An initialiser whose arguments all have defaults may be written bare (`init xavier_uniform`).
  const bare = v.k === "builtin" && v.name.startsWith("init:") ? INITIALISERS.get(v.name.slice(5)) : undefined;
  if (bare && bare.args.every((a) => a.default !== undefined)) {
    return { kind: bare.kind, args: Object.fromEntries(bare.args.map((a) => [a.name, a.default!])) };
  }
  const n = numberOf(v);
  if (n !== undefined) return { kind: "constant", args: { value: n } };
  if (v.k !== "error") expectKind(ip, v, "an initialiser such as normal(std: 0.02), zeros or a number", e.span);
  return undefined;
}


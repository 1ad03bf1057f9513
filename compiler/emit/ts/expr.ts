// Spec expressions as TypeScript expressions. Compile-time arithmetic stays arithmetic on
// numbers; tensor arithmetic becomes the registry's ops (`ops.add`), exactly the ops the
// elaborator emits for it (compiler/elaborate/expr.ts), so the generated module runs the same
// kernels in the same order as the IR. Every result carries its static type (types.ts).
import type * as A from "../../../grammar/ast.js";
import { getOp, OPS } from "../../ir/ops.js";
import { INITIALISERS } from "../../ir/init.js";
import { OPERATOR_OPS } from "../../ir/operators.js";
import { isShapeSymbolName } from "../../prelude.js";
import type { BlockInfo, FieldKind, ModelInfo, ProgramView } from "../program/program.js";
import { fieldName, ident, modeMethod, Scope as ScopeClass, type Binding, type Scope } from "./scope.js";
import { BOOL, NONE, NUMBER, STR, TENSOR, UNKNOWN, scalarType, type SType } from "./types.js";

/** Where an expression is printed. */
export interface Ctx {
  readonly view: ProgramView;
  /** The file whose declarations bare names mean. */
  readonly file: string;
  /** The class being generated (undefined in a spec fn). */
  readonly info: BlockInfo | ModelInfo | undefined;
  /** In the constructor, configuration and compile-time locals are local constants. */
  readonly inCtor: boolean;
  scope: Scope;
  /** Fields the methods read (config values and compile-time locals are stored only if read). */
  readonly used: Set<string>;
  /** Problems that make the spec inexpressible here (reported by the caller). */
  readonly problems: { message: string; span: A.Span }[];
}

export interface Printed {
  readonly code: string;
  readonly type: SType;
}

const TENSOR_OPS: Partial<Record<A.BinaryOp, string>> = OPERATOR_OPS;

const SCALAR_MATH: Record<string, (x: string) => string> = {
  exp: (x) => `Math.exp(${x})`,
  log: (x) => `Math.log(${x})`,
  sqrt: (x) => `Math.sqrt(${x})`,
  abs: (x) => `Math.abs(${x})`,
  tanh: (x) => `Math.tanh(${x})`,
  sigmoid: (x) => `1 / (1 + Math.exp(-(${x})))`,
};

function problem(ctx: Ctx, message: string, span: A.Span): Printed {
  ctx.problems.push({ message, span });
  return { code: "undefined as never", type: UNKNOWN };
}

export function numberText(e: A.NumberLit): string {
  const t = e.text.replace(/_/g, "");
  return /^[0-9.eE+-]+$/.test(t) && Number(t) === e.value ? t : String(e.value);
}

// ------------------------------------------------------------------ names

/** The static type a class field has. */
export function fieldType(ctx: Ctx, info: BlockInfo | ModelInfo, f: FieldKind): SType {
  switch (f.kind) {
    case "config":
      return configType(ctx, f.param);
    case "hyper": {
      const known = hyperTypes.get(f.entry);
      if (known) return known;
      hyperTypes.set(f.entry, UNKNOWN);
      const t = typeOf({ ...ctx, info, inCtor: false, scope: new ScopeClass(undefined), used: new Set(), problems: [] }, f.entry.value);
      hyperTypes.set(f.entry, t);
      return t;
    }
    case "local":
      return localType(ctx, info, f.stmt);
    case "param":
    case "queue":
      return TENSOR;
    case "member":
      return { k: "instance", block: f.block ?? defaultBlockOf(info, f.stmt.value), union: f.union, ...(f.block ? {} : { chosen: true }) };
    case "list": {
      const el = f.stmt.value.kind === "ComprehensionExpr" ? f.stmt.value.element : f.stmt.value;
      return { k: "instances", block: f.block ?? defaultBlockOf(info, el), union: f.union, ...(f.block ? {} : { chosen: true }) };
    }
  }
}

/** For a member built by a `block`-typed parameter, the class its default names. */
function defaultBlockOf(info: BlockInfo | ModelInfo, e: A.Expr): string | undefined {
  const call = e.kind === "CondExpr" ? e.then : e;
  if (call.kind !== "CallExpr" || call.callee.kind !== "NameExpr" || !("params" in info)) return undefined;
  const name = call.callee.name;
  const p = info.params.find((x) => x.name.name === name);
  return p?.default?.kind === "NameExpr" ? p.default.name : undefined;
}

const localTypes = new WeakMap<A.AssignStmt, SType>();
const hyperTypes = new WeakMap<A.HyperEntry, SType>();

function localType(ctx: Ctx, info: BlockInfo | ModelInfo, s: A.AssignStmt): SType {
  const known = localTypes.get(s);
  if (known) return known;
  localTypes.set(s, UNKNOWN); // a self-reference resolves to unknown rather than looping
  // Typed as a method would read it: the body's configuration and earlier locals as fields.
  const sub: Ctx = { ...ctx, info, inCtor: false, scope: new ScopeClass(undefined), used: new Set(), problems: [] };
  const t = typeOf(sub, s.value);
  localTypes.set(s, t);
  return t;
}

export function configType(ctx: Ctx, p: A.BlockParam): SType {
  if (p.type?.kind === "ScalarTypeExpr") {
    const t = scalarType(p.type.name.name);
    if (t.k === "block") return { k: "block", block: p.default?.kind === "NameExpr" ? p.default.name : undefined };
    return t;
  }
  if (p.type?.kind === "TensorTypeExpr") return TENSOR;
  if (p.default) return typeOf({ ...ctx, problems: [] }, p.default);
  return UNKNOWN;
}

function resolveName(ctx: Ctx, name: string): Binding | undefined {
  const local = ctx.scope.lookup(name);
  if (local) return local;
  const info = ctx.info;
  const f = info?.fields.get(name);
  if (info && f) {
    const constant = f.kind === "config" || f.kind === "local" || f.kind === "hyper";
    if (ctx.inCtor && constant) return undefined; // not declared yet at this point
    if (constant) ctx.used.add(name);
    const code = `this.${fieldName(name)}`;
    const t = fieldType(ctx, info, f);
    const conditional = (f.kind === "param" || f.kind === "member" || f.kind === "list" || f.kind === "queue") && f.conditional;
    return { code: conditional ? `${code}!` : code, type: t };
  }
  const d = ctx.view.lookup(ctx.file, name);
  if (d?.kind === "block") return { code: d.decl.name.name, type: { k: "block", block: d.decl.name.name } };
  if (d?.kind === "fn") return { code: ident(d.decl.name.name), type: { k: "fn" } };
  return undefined;
}

// ------------------------------------------------------------------ types only

/** The static type of an expression, without printing it. */
export function typeOf(ctx: Ctx, e: A.Expr): SType {
  return printExpr({ ...ctx, problems: [] }, e).type;
}

// ------------------------------------------------------------------ printing

export function printExpr(ctx: Ctx, e: A.Expr): Printed {
  switch (e.kind) {
    case "NumberLit":
      return { code: numberText(e), type: NUMBER };
    case "StringLit":
      return { code: JSON.stringify(e.value), type: STR };
    case "BoolLit":
      return { code: String(e.value), type: BOOL };
    case "NoneLit":
      return { code: "undefined", type: NONE };
    case "NameExpr":
      return printName(ctx, e);
    case "BinaryExpr":
      return printBinary(ctx, e);
    case "UnaryExpr": {
      const v = printExpr(ctx, e.operand);
      if (e.op === "not") return v.type.k === "tensor" ? { code: `ops.logical_not(${v.code})`, type: TENSOR } : { code: `!(${v.code})`, type: BOOL };
      return v.type.k === "tensor" ? { code: `ops.neg(${v.code})`, type: TENSOR } : { code: `-(${v.code})`, type: v.type };
    }
    case "CallExpr":
      return printCall(ctx, e);
    case "MemberExpr":
      return printMember(ctx, e);
    case "IndexExpr":
      return printIndex(ctx, e);
    case "ListExpr":
    case "TupleExpr": {
      const items = e.items.map((x) => printExpr(ctx, x));
      const code = `[${items.map((x) => x.code).join(", ")}]`;
      if (e.kind === "TupleExpr") return { code, type: { k: "tuple", items: items.map((x) => x.type) } };
      return { code, type: { k: "list", of: items[0]?.type ?? UNKNOWN } };
    }
    case "ComprehensionExpr":
      return printComprehension(ctx, e);
    case "RangeExpr": {
      const s = printExpr(ctx, e.start).code;
      const t = printExpr(ctx, e.end).code;
      return { code: `rt.range(${s}, ${t})`, type: { k: "range" } };
    }
    case "CondExpr": {
      const c = printExpr(ctx, e.cond);
      const a = printExpr(ctx, e.then);
      const b = printExpr(ctx, e.else);
      const type = a.type.k === "none" ? b.type : a.type;
      return { code: `(${c.code}) ? (${a.code}) : (${b.code})`, type };
    }
  }
}

function printName(ctx: Ctx, e: A.NameExpr): Printed {
  if (e.name === "self") return { code: "this", type: { k: "instance", block: ctx.info && "params" in ctx.info ? ctx.info.name : undefined } };
  const b = resolveName(ctx, e.name);
  if (b) return { code: b.code, type: b.type };
  if (OPS.has(e.name)) return { code: `ops.${e.name}`, type: { k: "fn" } };
  if (isShapeSymbolName(e.name)) return problem(ctx, `the shape symbol \`${e.name}\` is not bound by any tensor argument here`, e.span);
  return problem(ctx, `\`${e.name}\` has no meaning in generated code here`, e.span);
}

function printBinary(ctx: Ctx, e: A.BinaryExpr): Printed {
  const l = printExpr(ctx, e.left);
  const r = printExpr(ctx, e.right);
  const op = e.op;
  if (op === "in") {
    if (r.type.k === "instances") return { code: `${r.code}.keys.includes(${l.code})`, type: BOOL };
    return { code: `${r.code}.includes(${l.code})`, type: BOOL };
  }
  if ((op === "==" || op === "!=") && (l.type.k === "none" || r.type.k === "none")) {
    const other = l.type.k === "none" ? r : l;
    if (l.type.k === "none" && r.type.k === "none") return { code: op === "==" ? "true" : "false", type: BOOL };
    return { code: `${other.code} ${op === "==" ? "===" : "!=="} undefined`, type: BOOL };
  }
  if (l.type.k === "tensor" || r.type.k === "tensor") {
    const name = TENSOR_OPS[op];
    if (!name) return problem(ctx, `\`${op}\` has no tensor form`, e.span);
    return { code: `ops.${name}(${l.code}, ${r.code})`, type: TENSOR };
  }
  const dynamic = (t: SType): boolean => t.k === "unknown" || t.k === "any";
  if (dynamic(l.type) || dynamic(r.type)) {
    // An untyped fn parameter (`alpha`: a number, or a tensor for a schedule): decided when it runs.
    const name = TENSOR_OPS[op];
    if (!name) return problem(ctx, `\`${op}\` has no tensor form`, e.span);
    return { code: `rt.binary("${name}", ${l.code}, ${r.code})`, type: UNKNOWN };
  }
  switch (op) {
    case "+":
      if (l.type.k === "list") return { code: `[...${l.code}, ...${r.code}]`, type: l.type };
      return { code: `(${l.code}) + (${r.code})`, type: l.type.k === "str" ? STR : NUMBER };
    case "-":
    case "*":
    case "/":
      return { code: `(${l.code}) ${op} (${r.code})`, type: NUMBER };
    case "//":
      return { code: `Math.floor((${l.code}) / (${r.code}))`, type: NUMBER };
    case "%":
      return { code: `rt.floorMod(${l.code}, ${r.code})`, type: NUMBER };
    case "^":
      return { code: `(${l.code}) ** (${r.code})`, type: NUMBER };
    case "==":
      return { code: `(${l.code}) === (${r.code})`, type: BOOL };
    case "!=":
      return { code: `(${l.code}) !== (${r.code})`, type: BOOL };
    case "<":
    case "<=":
    case ">":
    case ">=":
      return { code: `(${l.code}) ${op} (${r.code})`, type: BOOL };
    case "and":
      return { code: `(${l.code}) && (${r.code})`, type: BOOL };
    case "or":
      return { code: `(${l.code}) || (${r.code})`, type: BOOL };
    case "@":
      return problem(ctx, "`@` multiplies tensors", e.span);
  }
}

function printMember(ctx: Ctx, e: A.MemberExpr): Printed {
  const obj = printExpr(ctx, e.object);
  const name = e.member.name;
  if (obj.type.k === "instance") {
    const info = obj.type.block ? ctx.view.block(obj.type.block) : undefined;
    if (info?.modes.has(name)) return { code: `${obj.code}.${modeMethod(name)}.bind(${obj.code})`, type: { k: "fn" } };
    const f = info?.fields.get(name);
    if (info && f) {
      const t = fieldType({ ...ctx, info, inCtor: false }, info, f);
      const conditional = (f.kind === "param" || f.kind === "member" || f.kind === "list" || f.kind === "queue") && f.conditional;
      return { code: `${obj.code}.${fieldName(name)}${conditional ? "!" : ""}`, type: t };
    }
    return { code: `${obj.code}.${fieldName(name)}`, type: UNKNOWN };
  }
  return problem(ctx, `\`.${name}\` reads a member of an instance`, e.span);
}

function printIndex(ctx: Ctx, e: A.IndexExpr): Printed {
  const obj = printExpr(ctx, e.object);
  if (obj.type.k === "tensor" || obj.type.k === "unknown") {
    const items = e.items.map((it) => {
      if (it.kind === "EllipsisExpr") return "rt.ELLIPSIS";
      if (it.kind === "SliceExpr") {
        const s = it.start ? printExpr(ctx, it.start).code : "null";
        const t = it.end ? printExpr(ctx, it.end).code : "null";
        return s === "null" && t === "null" ? "rt.ALL" : `rt.sl(${s}, ${t})`;
      }
      return printExpr(ctx, it).code;
    });
    return { code: `rt.index(${[obj.code, ...items].join(", ")})`, type: TENSOR };
  }
  const item = e.items[0];
  if (!item || item.kind === "EllipsisExpr") return problem(ctx, "a list takes one index", e.span);
  if (obj.type.k === "instances") {
    const el: SType = { k: "instance", block: obj.type.block, ...(obj.type.union ? { union: obj.type.union } : {}), ...(obj.type.chosen ? { chosen: true } : {}) };
    if (item.kind === "SliceExpr") {
      const s = item.start ? printExpr(ctx, item.start).code : "undefined";
      const t = item.end ? printExpr(ctx, item.end).code : "undefined";
      return { code: `${obj.code}.slice(${s}, ${t})`, type: { k: "list", of: el } };
    }
    return { code: `${obj.code}.at(${printExpr(ctx, item).code})`, type: el };
  }
  const elType: SType = obj.type.k === "list" ? obj.type.of : obj.type.k === "range" ? NUMBER : UNKNOWN;
  if (item.kind === "SliceExpr") {
    const s = item.start ? printExpr(ctx, item.start).code : "undefined";
    const t = item.end ? printExpr(ctx, item.end).code : "undefined";
    return { code: `${obj.code}.slice(${s}, ${t})`, type: obj.type.k === "range" ? { k: "list", of: NUMBER } : obj.type };
  }
  const i = printExpr(ctx, item);
  if (obj.type.k === "tuple" && item.kind === "NumberLit") {
    return { code: `${obj.code}[${i.code}]`, type: obj.type.items[item.value] ?? UNKNOWN };
  }
  return { code: `${obj.code}.at(${i.code})!`, type: elType };
}

/** `[f(x) for x in xs if c]` (not a list of instances: those are built by the constructor). */
function printComprehension(ctx: Ctx, e: A.ComprehensionExpr): Printed {
  const it = printExpr(ctx, e.iterable);
  const v = ident(e.variable.name);
  const elType: SType = it.type.k === "range" ? NUMBER : it.type.k === "list" ? it.type.of : it.type.k === "instances" ? { k: "instance", block: it.type.block, ...(it.type.union ? { union: it.type.union } : {}), ...(it.type.chosen ? { chosen: true } : {}) } : UNKNOWN;
  const saved = ctx.scope;
  ctx.scope = saved.child();
  ctx.scope.set(e.variable.name, { code: v, type: elType });
  try {
    const source = it.type.k === "instances" ? `${it.code}.items` : it.code;
    const filter = e.filter ? `.filter((${v}) => ${printExpr(ctx, e.filter).code})` : "";
    const el = printExpr(ctx, e.element);
    return { code: `${source}${filter}.map((${v}) => ${el.code})`, type: { k: "list", of: el.type } };
  } finally {
    ctx.scope = saved;
  }
}

// ------------------------------------------------------------------ calls

/** Matches call arguments to parameter names in order (positional first, then by name). */
export function matchArgs(names: readonly string[], args: readonly A.Arg[]): Map<string, A.Expr> {
  const out = new Map<string, A.Expr>();
  let i = 0;
  for (const a of args) {
    if (a.name) out.set(a.name.name, a.value);
    else if (i < names.length) out.set(names[i++]!, a.value);
  }
  return out;
}

/** Arguments in parameter order, `undefined` for those left out (trailing ones dropped). */
function positional(ctx: Ctx, names: readonly string[], args: readonly A.Arg[]): string[] {
  const m = matchArgs(names, args);
  const out = names.map((n) => {
    const e = m.get(n);
    return e ? printExpr(ctx, e).code : "undefined";
  });
  while (out.length && out[out.length - 1] === "undefined") out.pop();
  return out;
}

function returnType(ret: A.ReturnType | undefined): SType {
  if (!ret) return UNKNOWN;
  if (ret.kind === "TupleTypeExpr") return { k: "tuple", items: ret.items.map((t) => (t.kind === "TensorTypeExpr" ? TENSOR : scalarType(t.name.name))) };
  return ret.kind === "TensorTypeExpr" ? TENSOR : scalarType(ret.name.name);
}

function printCall(ctx: Ctx, e: A.CallExpr): Printed {
  const callee = e.callee;
  if (callee.kind === "MemberExpr") {
    const obj = printExpr(ctx, callee.object);
    if (obj.type.k === "instance") {
      const info = obj.type.block ? ctx.view.block(obj.type.block) : undefined;
      const modeOf = (obj.type.union ?? (obj.type.block ? [obj.type.block] : [])).some((b) => ctx.view.block(b)?.modes.has(callee.member.name));
      // `encoder.head(x)`: a member of a member, called (its default forward), not a mode.
      if (!modeOf && info?.fields.has(callee.member.name)) {
        const member = printMember(ctx, callee);
        if (member.type.k === "instance") return callMode(ctx, member, member.type, "", e.args);
      }
      return callMode(ctx, obj, obj.type, callee.member.name, e.args);
    }
    return problem(ctx, `\`.${callee.member.name}(…)\` calls a mode of an instance`, callee.span);
  }
  if (callee.kind !== "NameExpr") {
    // `layers[i](x)`: an element of an instance list, or any expression that is an instance.
    const target = printExpr(ctx, callee);
    if (target.type.k === "instance") return callMode(ctx, target, target.type, "", e.args);
    if (target.type.k === "fn") return { code: `(${target.code})(${e.args.map((a) => printExpr(ctx, a.value).code).join(", ")})`, type: TENSOR };
    return problem(ctx, "only names, modes and instances can be called", callee.span);
  }
  const name = callee.name;
  if (name === "self") return callMode(ctx, { code: "this" }, { block: ctx.info && "params" in ctx.info ? ctx.info.name : undefined }, "", e.args);
  const b = resolveName(ctx, name);
  if (b) {
    switch (b.type.k) {
      case "instance":
        return callMode(ctx, b, b.type, "", e.args);
      case "any":
        return { code: `rt.invoke(${[b.code, ...e.args.map((a) => printExpr(ctx, a.value).code)].join(", ")})`, type: TENSOR };
      case "fn": {
        const d = ctx.view.lookup(ctx.file, name);
        if (d?.kind === "fn" && b.code === ident(d.decl.name.name)) {
          const names = d.decl.params.map((p) => p.name.name);
          return { code: `${b.code}(${positional(ctx, names, e.args).join(", ")})`, type: returnType(d.decl.returns) };
        }
        return { code: `${b.code}(${e.args.map((a) => printExpr(ctx, a.value).code).join(", ")})`, type: TENSOR };
      }
      case "block":
        return problem(ctx, `${name}(…) makes an instance: only a body-level assignment can do that`, e.span);
      default:
        return problem(ctx, `\`${name}\` is not callable`, callee.span);
    }
  }
  return callBuiltin(ctx, name, e);
}

/** `obj.mode(args)`: the generated method, arguments matched to the mode's parameters. */
function callMode(ctx: Ctx, obj: { code: string }, type: { readonly block: string | undefined; readonly union?: readonly string[] }, mode: string, args: readonly A.Arg[]): Printed {
  // Of a union (a member built differently per branch), the class that has this mode.
  const candidates = type.union && type.union.length > 1 ? type.union : type.block ? [type.block] : [];
  const fits = (b: string): boolean => {
    const d = ctx.view.block(b)?.modes.get(mode);
    if (!d) return false;
    const given = matchArgs(d.params.map((p) => p.name.name), args);
    return args.length <= d.params.length && d.params.every((p) => p.default !== undefined || given.has(p.name.name)) && args.every((a) => !a.name || d.params.some((p) => p.name.name === a.name!.name));
  };
  const block = candidates.find(fits) ?? candidates.find((b) => ctx.view.block(b)?.modes.has(mode)) ?? type.block;
  if (candidates.length > 1 && block) obj = { code: `(${obj.code} as ${block})` };
  const info = block ? ctx.view.block(block) : undefined;
  const decl = info?.modes.get(mode);
  const method = modeMethod(mode);
  if (!decl) {
    if (args.some((a) => a.name)) return problem(ctx, `keyword arguments to an instance of a block chosen by a parameter: the generated class knows a forward's parameters only from the parameter's default block (give the \`block\` parameter a default, or pass these arguments by position)`, args.find((a) => a.name)!.span);
    return { code: `${obj.code}.${method}(${args.map((a) => printExpr(ctx, a.value).code).join(", ")})`, type: TENSOR };
  }
  const names = decl.params.map((p) => p.name.name);
  return { code: `${obj.code}.${method}(${positional(ctx, names, args).join(", ")})`, type: returnType(decl.returns) };
}

function callBuiltin(ctx: Ctx, name: string, e: A.CallExpr): Printed {
  const args = e.args;
  const math = SCALAR_MATH[name];
  if (math && args.length === 1 && !args[0]!.name) {
    const x = printExpr(ctx, args[0]!.value);
    if (x.type.k === "number") return { code: math(x.code), type: NUMBER };
  }
  switch (name) {
    case "min":
    case "max": {
      const [a, b] = args.map((x) => printExpr(ctx, x.value));
      if (!a || !b) return problem(ctx, `${name} takes two arguments`, e.span);
      if (a.type.k === "tensor" || b.type.k === "tensor") return { code: `ops.${name === "min" ? "minimum" : "maximum"}(${a.code}, ${b.code})`, type: TENSOR };
      return { code: `Math.${name}(${a.code}, ${b.code})`, type: NUMBER };
    }
    case "len": {
      const x = printExpr(ctx, args[0]!.value);
      if (x.type.k === "tensor") return { code: `${x.code}.shape[0]!`, type: NUMBER };
      return { code: `${x.code}.length`, type: NUMBER };
    }
    case "int":
    case "float":
      return { code: printExpr(ctx, args[0]!.value).code, type: NUMBER };
    case "zeros":
    case "ones": {
      const m = matchArgs(["shape", "dtype"], args);
      const shape = m.get("shape");
      const dtype = m.get("dtype");
      const attrs = [`shape: ${shape ? printExpr(ctx, shape).code : "[]"}`, `value: ${name === "ones" ? 1 : 0}`, ...(dtype ? [`dtype: ${printExpr(ctx, dtype).code}`] : [])];
      return { code: `ops.full({ ${attrs.join(", ")} })`, type: TENSOR };
    }
    case "enqueue": {
      const [q, x] = args.map((a) => printExpr(ctx, a.value).code);
      return { code: `rt.enqueue(${q}, ${x})`, type: TENSOR };
    }
    case "ema":
    case "queue":
      return problem(ctx, `${name}(…) makes state: only a body-level assignment can do that`, e.span);
    default:
      break;
  }
  if (!OPS.has(name)) return problem(ctx, `\`${name}\` is not an op`, e.callee.span);
  return callOp(ctx, name, args);
}

function callOp(ctx: Ctx, name: string, args: readonly A.Arg[]): Printed {
  const op = getOp(name);
  const names = [...op.inputs.map((i) => i.name), ...op.attrs.map((a) => a.name)];
  const m = matchArgs(names, args);
  const inputs = op.inputs.map((i) => {
    const a = m.get(i.name);
    if (!a) return "undefined";
    return printExpr(ctx, a).code;
  });
  while (inputs.length && inputs[inputs.length - 1] === "undefined") inputs.pop();
  const attrs: string[] = [];
  for (const a of op.attrs) {
    const v = m.get(a.name);
    if (!v) continue;
    const p = printExpr(ctx, v);
    attrs.push(`${a.name}: ${p.type.k === "none" ? "null" : p.code}`);
  }
  const parts = [...inputs];
  if (attrs.length) {
    // An op whose inputs are all optional and absent still needs its positions for the attrs.
    while (parts.length < op.inputs.filter((i) => !i.variadic).length && op.inputs.length > 0) parts.push("undefined");
    parts.push(`{ ${attrs.join(", ")} }`);
  }
  return { code: `ops.${name}(${parts.join(", ")})`, type: TENSOR };
}

// ------------------------------------------------------------------ initialisers

/** An `init` clause as an InitSpec literal: `normal(std: 0.02)`, `zeros`, or a number. */
export function printInit(ctx: Ctx, e: A.Expr | undefined): string {
  if (!e) return `{ kind: "normal", args: { std: 0.02, mean: 0 } }`;
  if (e.kind === "NameExpr" && INITIALISERS.has(e.name) && !ctx.scope.lookup(e.name)) {
    const def = INITIALISERS.get(e.name)!;
    const args = def.args.map((a) => `${a.name}: ${a.default ?? 0}`);
    return `{ kind: "${def.kind}", args: { ${args.join(", ")} } }`;
  }
  if (e.kind === "CallExpr" && e.callee.kind === "NameExpr" && INITIALISERS.has(e.callee.name) && !ctx.scope.lookup(e.callee.name)) {
    const def = INITIALISERS.get(e.callee.name)!;
    const m = matchArgs(def.args.map((a) => a.name), e.args);
    const args = def.args.map((a) => {
      const v = m.get(a.name);
      return `${a.name}: ${v ? printExpr(ctx, v).code : String(a.default ?? 0)}`;
    });
    return `{ kind: "${def.kind}", args: { ${args.join(", ")} } }`;
  }
  return `{ kind: "constant", args: { value: ${printExpr(ctx, e).code} } }`;
}

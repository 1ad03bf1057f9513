// Spec expressions as Python over torch. Python keeps the spec's own shape far better than
// TypeScript: arithmetic and indexing on tensors are native (`x[:, 0]`, `a @ b`, `x ** 2`),
// calls keep their keyword arguments (`Attention(width, heads, q_bias=qkv_bias)`), and a block
// chosen by a parameter is just called. Where Python and the spec part ways — `and`/`or`/`not`
// on tensors, exact integer division, `x == none` — the static types of the TypeScript emitter
// (emit/ts/expr.ts `typeOf`, over the same scope) decide.
import type * as A from "../../../grammar/ast.js";
import { getOp, OPS } from "../../ir/ops.js";
import { INITIALISERS } from "../../ir/init.js";
import { isShapeSymbolName } from "../../prelude.js";
import { matchArgs, numberText, typeOf, type Ctx } from "../ts/expr.js";
import type { SType } from "../ts/types.js";

export interface Py {
  readonly code: string;
  /** Python precedence of the outermost operator (higher binds tighter; 99: an atom). */
  readonly prec?: number;
}

/** Python's operator precedence, lowest first (a conditional expression is 1). */
const PREC: Record<string, number> = { or: 2, and: 3, not: 4, cmp: 5, "+": 10, "-": 10, "*": 11, "@": 11, "/": 11, "//": 11, "%": 11, neg: 12, "**": 13 };

/** `p` as an operand at precedence `min` (parenthesised only when it binds more loosely). */
function operand(p: Py, min: number): string {
  return (p.prec ?? 99) < min ? `(${p.code})` : p.code;
}

const PY_KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield", "self", "ops", "rt", "torch", "nn", "Tensor", "math",
]);

/** A spec name as a Python identifier: a keyword (or a name every module imports) gets a trailing underscore. */
export function pyIdent(name: string): string {
  return PY_KEYWORDS.has(name) ? `${name}_` : name;
}

/** Attributes nn.Module has that a field must not replace. */
const MODULE_ATTRS = new Set([
  "forward", "training", "parameters", "buffers", "children", "modules", "state_dict", "load_state_dict", "train", "eval", "to",
  "apply", "cuda", "cpu", "type", "float", "half", "double", "zero_grad", "register_buffer", "register_parameter", "add_module",
  "named_parameters", "named_buffers", "named_modules", "named_children", "call", "param", "finish", "run", "presets", "objectives",
  "stages", "frozen_params", "sources", "vlmc_path", "extra_repr", "get_submodule", "get_parameter", "requires_grad_", "share_memory",
]);

export function pyField(name: string): string {
  return MODULE_ATTRS.has(name) || PY_KEYWORDS.has(name) ? `${name}_` : name;
}

export function pyMethod(mode: string): string {
  return mode === "" ? "forward" : pyField(mode);
}

function tensorish(t: SType): boolean {
  return t.k === "tensor" || t.k === "unknown" || t.k === "any";
}

function problem(ctx: Ctx, message: string, span: A.Span): Py {
  ctx.problems.push({ message, span });
  return { code: "None" };
}

function isConditionalField(ctx: Ctx, name: string): boolean {
  const f = ctx.info?.fields.get(name);
  return f !== undefined && (f.kind === "param" || f.kind === "member" || f.kind === "list" || f.kind === "queue") && f.conditional;
}

function pyName(ctx: Ctx, e: A.NameExpr): Py {
  if (e.name === "self") return { code: "self" };
  const local = ctx.scope.lookup(e.name);
  if (local) return { code: local.code };
  const info = ctx.info;
  const f = info?.fields.get(e.name);
  if (info && f) {
    const constant = f.kind === "config" || f.kind === "local" || f.kind === "hyper";
    if (constant && !ctx.inCtor) ctx.used.add(e.name);
    if (!(constant && ctx.inCtor)) return { code: `self.${pyField(e.name)}` };
  }
  const d = ctx.view.lookup(ctx.file, e.name);
  if (d?.kind === "block") return { code: d.decl.name.name };
  if (d?.kind === "fn") return { code: pyIdent(d.decl.name.name) };
  if (OPS.has(e.name)) return { code: `ops.${e.name}` };
  if (isShapeSymbolName(e.name)) return problem(ctx, `the shape symbol \`${e.name}\` is not bound by any tensor argument here`, e.span);
  return problem(ctx, `\`${e.name}\` has no meaning in generated code here`, e.span);
}

const PY_BINARY: Partial<Record<A.BinaryOp, string>> = {
  "+": "+", "-": "-", "*": "*", "@": "@", "^": "**", "%": "%", "//": "//",
  "==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
};

export function pyExpr(ctx: Ctx, e: A.Expr): Py {
  switch (e.kind) {
    case "NumberLit":
      return { code: numberText(e) };
    case "StringLit":
      return { code: JSON.stringify(e.value) };
    case "BoolLit":
      return { code: e.value ? "True" : "False" };
    case "NoneLit":
      return { code: "None" };
    case "NameExpr":
      return pyName(ctx, e);
    case "BinaryExpr":
      return pyBinary(ctx, e);
    case "UnaryExpr": {
      const v = pyExpr(ctx, e.operand);
      if (e.op === "not") return tensorish(typeOf(ctx, e.operand)) ? { code: `rt.logical_not(${v.code})` } : { code: `not ${operand(v, PREC["not"]!)}`, prec: PREC["not"]! };
      return { code: `-${operand(v, PREC["neg"]!)}`, prec: PREC["neg"]! };
    }
    case "CallExpr":
      return pyCall(ctx, e);
    case "MemberExpr": {
      const obj = pyExpr(ctx, e.object);
      return { code: `${operand(obj, 99)}.${pyField(e.member.name)}` };
    }
    case "IndexExpr":
      return pyIndex(ctx, e);
    case "ListExpr":
      return { code: `[${e.items.map((x) => pyExpr(ctx, x).code).join(", ")}]` };
    case "TupleExpr":
      return { code: `(${e.items.map((x) => pyExpr(ctx, x).code).join(", ")}${e.items.length === 1 ? "," : ""})` };
    case "ComprehensionExpr": {
      const saved = ctx.scope;
      ctx.scope = saved.child();
      const it = pyExpr(ctx, e.iterable).code;
      const t = typeOf({ ...ctx, scope: saved }, e.iterable);
      const el: SType = t.k === "range" ? { k: "number" } : t.k === "list" ? t.of : t.k === "instances" ? { k: "instance", block: t.block } : { k: "unknown" };
      ctx.scope.set(e.variable.name, { code: pyIdent(e.variable.name), type: el });
      try {
        const filter = e.filter ? ` if ${pyExpr(ctx, e.filter).code}` : "";
        return { code: `[${pyExpr(ctx, e.element).code} for ${pyIdent(e.variable.name)} in ${it}${filter}]` };
      } finally {
        ctx.scope = saved;
      }
    }
    case "RangeExpr":
      return { code: `range(${pyExpr(ctx, e.start).code}, ${pyExpr(ctx, e.end).code})` };
    case "CondExpr":
      return { code: `${operand(pyExpr(ctx, e.then), 2)} if ${operand(pyExpr(ctx, e.cond), 2)} else ${operand(pyExpr(ctx, e.else), 1)}`, prec: 1 };
  }
}

function pyBinary(ctx: Ctx, e: A.BinaryExpr): Py {
  const lp = pyExpr(ctx, e.left);
  const rp = pyExpr(ctx, e.right);
  const op = e.op;
  if ((op === "==" || op === "!=") && (e.left.kind === "NoneLit" || e.right.kind === "NoneLit")) {
    const other = e.left.kind === "NoneLit" ? rp : lp;
    return { code: `${operand(other, PREC["cmp"]! + 1)} is ${op === "==" ? "" : "not "}None`, prec: PREC["cmp"]! };
  }
  if (op === "in") return { code: `${operand(lp, PREC["cmp"]! + 1)} in ${operand(rp, PREC["cmp"]! + 1)}`, prec: PREC["cmp"]! };
  const lt = typeOf(ctx, e.left);
  const rt_ = typeOf(ctx, e.right);
  if (op === "and" || op === "or") {
    if (tensorish(lt) || tensorish(rt_)) return { code: `rt.logical_${op}(${lp.code}, ${rp.code})` };
    return { code: `${operand(lp, PREC[op]!)} ${op} ${operand(rp, PREC[op]! + 1)}`, prec: PREC[op]! };
  }
  // The spec's `/` on two ints is exact division with an int result (the checker proved it
  // exact): `//`. On a float it is true division; where neither is known, rt.div decides.
  if (op === "/" && !tensorish(lt) && !tensorish(rt_)) {
    const [li, ri] = [numberKind(ctx, e.left), numberKind(ctx, e.right)];
    if (li === "int" && ri === "int") return { code: `${operand(lp, PREC["//"]!)} // ${operand(rp, PREC["//"]! + 1)}`, prec: PREC["//"]! };
    if (li !== "float" && ri !== "float") return { code: `rt.div(${lp.code}, ${rp.code})` };
  }
  const sym = PY_BINARY[op] ?? "/";
  const comparison = ["==", "!=", "<", "<=", ">", ">="].includes(op);
  const prec = comparison ? PREC["cmp"]! : PREC[sym]!;
  // Left-associative, except `**` (right) and comparisons (which chain in Python: keep both sides tight).
  if (sym === "**") return { code: `${operand(lp, prec + 1)} ** ${operand(rp, prec)}`, prec };
  if (comparison) return { code: `${operand(lp, prec + 1)} ${sym} ${operand(rp, prec + 1)}`, prec };
  return { code: `${operand(lp, prec)} ${sym} ${operand(rp, prec + 1)}`, prec };
}

/** Whether a compile-time number is an int or a float, where the spec makes it plain. */
function numberKind(ctx: Ctx, e: A.Expr, depth = 0): "int" | "float" | undefined {
  if (depth > 8) return undefined;
  switch (e.kind) {
    case "NumberLit":
      return e.isInt ? "int" : "float";
    case "UnaryExpr":
      return e.op === "-" ? numberKind(ctx, e.operand, depth + 1) : undefined;
    case "BinaryExpr": {
      if (!["+", "-", "*", "//", "%", "^"].includes(e.op)) return e.op === "/" ? undefined : undefined;
      const [a, b] = [numberKind(ctx, e.left, depth + 1), numberKind(ctx, e.right, depth + 1)];
      return a === "float" || b === "float" ? "float" : a === "int" && b === "int" ? "int" : undefined;
    }
    case "NameExpr": {
      const bound = ctx.scope.lookup(e.name);
      if (bound?.numeric) return bound.numeric;
      if (isShapeSymbolName(e.name) && !ctx.info?.fields.has(e.name)) return "int";
      const f = ctx.info?.fields.get(e.name);
      if (f?.kind === "config") {
        const t = f.param.type;
        if (t?.kind === "ScalarTypeExpr") return t.name.name === "int" ? "int" : t.name.name === "float" ? "float" : undefined;
        return f.param.default ? numberKind(ctx, f.param.default, depth + 1) : undefined;
      }
      if (f?.kind === "hyper") return numberKind(ctx, f.entry.value, depth + 1);
      if (f?.kind === "local") return numberKind(ctx, f.stmt.value, depth + 1);
      return undefined;
    }
    case "CallExpr":
      return e.callee.kind === "NameExpr" && (e.callee.name === "int" || e.callee.name === "len") ? "int" : e.callee.kind === "NameExpr" && e.callee.name === "float" ? "float" : undefined;
    default:
      return undefined;
  }
}

function pyIndex(ctx: Ctx, e: A.IndexExpr): Py {
  const obj = operand(pyExpr(ctx, e.object), 99);
  const items = e.items.map((it) => {
    if (it.kind === "EllipsisExpr") return "...";
    if (it.kind === "SliceExpr") return `${it.start ? pyExpr(ctx, it.start).code : ""}:${it.end ? pyExpr(ctx, it.end).code : ""}`;
    return pyExpr(ctx, it).code;
  });
  return { code: `${obj}[${items.join(", ")}]` };
}

/** Call arguments as Python: positional ones as given, named ones as keywords. */
function pyArgs(ctx: Ctx, args: readonly A.Arg[]): string {
  return args.map((a) => (a.name ? `${pyIdent(a.name.name)}=${pyExpr(ctx, a.value).code}` : pyExpr(ctx, a.value).code)).join(", ");
}

const SCALAR_MATH: Record<string, string> = { exp: "math.exp", log: "math.log", sqrt: "math.sqrt", abs: "abs", tanh: "math.tanh", sigmoid: "rt.sigmoid" };

function pyCall(ctx: Ctx, e: A.CallExpr): Py {
  const callee = e.callee;
  if (callee.kind === "NameExpr" && !ctx.scope.lookup(callee.name) && !ctx.info?.fields.has(callee.name) && !ctx.view.lookup(ctx.file, callee.name)) {
    return pyBuiltin(ctx, callee.name, e);
  }
  if (callee.kind === "NameExpr" && ctx.info?.fields.has(callee.name) && isConditionalField(ctx, callee.name)) {
    return { code: `self.${pyField(callee.name)}(${pyArgs(ctx, e.args)})` };
  }
  if (callee.kind === "MemberExpr") {
    const t = typeOf(ctx, callee.object);
    if (t.k === "instance") {
      const blocks = t.union ?? (t.block ? [t.block] : []);
      const isMode = blocks.some((b) => ctx.view.block(b)?.modes.has(callee.member.name));
      const obj = pyExpr(ctx, callee.object).code;
      // `encoder.head(x)` calls a member's forward; `encoder.text(x)` a mode.
      return { code: `${obj}.${isMode ? pyMethod(callee.member.name) : pyField(callee.member.name)}(${pyArgs(ctx, e.args)})` };
    }
  }
  if (callee.kind === "NameExpr") {
    const t = typeOf(ctx, callee);
    if (t.k === "any") return { code: `rt.invoke(${[pyExpr(ctx, callee).code, ...e.args.map((a) => (a.name ? `${a.name.name}=${pyExpr(ctx, a.value).code}` : pyExpr(ctx, a.value).code))].join(", ")})` };
  }
  return { code: `${operand(pyExpr(ctx, callee), 99)}(${pyArgs(ctx, e.args)})` };
}

function pyBuiltin(ctx: Ctx, name: string, e: A.CallExpr): Py {
  const args = e.args;
  const math = SCALAR_MATH[name];
  if (math && args.length === 1 && !args[0]!.name && typeOf(ctx, args[0]!.value).k === "number") return { code: `${math}(${pyExpr(ctx, args[0]!.value).code})` };
  switch (name) {
    case "min":
    case "max": {
      const [a, b] = args.map((x) => x.value);
      if (!a || !b) return problem(ctx, `${name} takes two arguments`, e.span);
      if (typeOf(ctx, a).k === "tensor" || typeOf(ctx, b).k === "tensor") return { code: `ops.${name === "min" ? "minimum" : "maximum"}(${pyExpr(ctx, a).code}, ${pyExpr(ctx, b).code})` };
      return { code: `${name}(${pyExpr(ctx, a).code}, ${pyExpr(ctx, b).code})` };
    }
    case "len": {
      const x = args[0]!.value;
      return typeOf(ctx, x).k === "tensor" ? { code: `${pyExpr(ctx, x).code}.shape[0]` } : { code: `len(${pyExpr(ctx, x).code})` };
    }
    case "int":
      return { code: `int(${pyExpr(ctx, args[0]!.value).code})` };
    case "float":
      return { code: `float(${pyExpr(ctx, args[0]!.value).code})` };
    case "zeros":
    case "ones": {
      const m = matchArgs(["shape", "dtype"], args);
      const parts = [`shape=${pyExpr(ctx, m.get("shape")!).code}`, `value=${name === "ones" ? 1 : 0}`, ...(m.get("dtype") ? [`dtype=${pyExpr(ctx, m.get("dtype")!).code}`] : [])];
      return { code: `ops.full(${parts.join(", ")})` };
    }
    case "enqueue":
      return { code: `rt.enqueue(${args.map((a) => pyExpr(ctx, a.value).code).join(", ")})` };
    default:
      break;
  }
  if (!OPS.has(name)) return problem(ctx, `\`${name}\` is not an op`, e.callee.span);
  const op = getOp(name);
  const names = [...op.inputs.map((i) => i.name), ...op.attrs.map((a) => a.name)];
  const m = matchArgs(names, args);
  const inputs = op.inputs.map((i) => (m.has(i.name) ? pyExpr(ctx, m.get(i.name)!).code : "None"));
  while (inputs.length && inputs[inputs.length - 1] === "None") inputs.pop();
  const attrs = op.attrs.filter((a) => m.has(a.name)).map((a) => `${a.name}=${pyExpr(ctx, m.get(a.name)!).code}`);
  return { code: `ops.${name}(${[...inputs, ...attrs].join(", ")})` };
}

/** An `init` clause as `rt.init("normal", std=0.02, mean=0)`; a bare number is `rt.init("constant", value=…)`. */
export function pyInit(ctx: Ctx, e: A.Expr | undefined): string {
  if (!e) return `rt.init("normal", std=0.02, mean=0)`;
  const call = e.kind === "CallExpr" && e.callee.kind === "NameExpr" ? e : undefined;
  const kind = e.kind === "NameExpr" ? e.name : call ? (call.callee as A.NameExpr).name : undefined;
  const def = kind !== undefined && !ctx.scope.lookup(kind) ? INITIALISERS.get(kind) : undefined;
  if (def) {
    const m = call ? matchArgs(def.args.map((a) => a.name), call.args) : new Map<string, A.Expr>();
    const args = def.args.map((a) => `${a.name}=${m.get(a.name) ? pyExpr(ctx, m.get(a.name)!).code : String(a.default ?? 0)}`);
    return `rt.init(${[JSON.stringify(def.kind), ...args].join(", ")})`;
  }
  return `rt.init("constant", value=${pyExpr(ctx, e).code})`;
}

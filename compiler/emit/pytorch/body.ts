// Spec statements as Python lines: a block's constructor body (members, parameters,
// requirements, shares) and forward and fn bodies. Lines are returned unindented relative to
// their block; `indent` nests them.
import type * as A from "../../../grammar/ast.js";
import { printPattern } from "../../../grammar/printer.js";
import type { BlockInfo, ModelInfo } from "../program/program.js";
import { mentionedSymbols, symbolSource } from "../program/model-facts.js";
import { typeOf, type Ctx } from "../ts/expr.js";
import { NUMBER, TENSOR, UNKNOWN, type SType } from "../ts/types.js";
import { pyExpr, pyField, pyIdent, pyInit } from "./expr.js";

export function indent(lines: readonly string[], by = "    "): string[] {
  return lines.map((l) => (l === "" ? l : by + l));
}

function requireLines(ctx: Ctx, s: A.RequireStmt): string[] {
  return [`if not (${pyExpr(ctx, s.cond).code}):`, `    raise ValueError(${JSON.stringify(s.message ?? "a requirement of the spec failed")})`];
}

// ------------------------------------------------------------------ constructors

/** How a member is built: a block call as the spec writes it, a momentum copy, a list, a queue. */
function construct(ctx: Ctx, name: string, e: A.Expr): string[] {
  if (e.kind === "CallExpr" && e.callee.kind === "NameExpr" && e.callee.name === "queue" && !ctx.scope.lookup("queue")) {
    const args = e.args.map((a) => {
      const v = a.name?.name === "init" ? pyInit(ctx, a.value) : pyExpr(ctx, a.value).code;
      return a.name ? `${a.name.name}=${v}` : v;
    });
    return [`rt.queue(self, ${JSON.stringify(name)}, ${args.join(", ")})`];
  }
  if (e.kind === "CallExpr" && e.callee.kind === "NameExpr" && e.callee.name === "ema" && !ctx.scope.lookup("ema")) {
    const args = e.args.map((a) => (a.name ? `${a.name.name}=${pyExpr(ctx, a.value).code}` : pyExpr(ctx, a.value).code));
    return [`self.${pyField(name)} = rt.momentum(${args.join(", ")})`];
  }
  if (e.kind === "ComprehensionExpr") {
    const saved = ctx.scope;
    ctx.scope = saved.child();
    const it = pyExpr(ctx, e.iterable).code;
    ctx.scope.set(e.variable.name, { code: pyIdent(e.variable.name), type: NUMBER });
    try {
      const v = pyIdent(e.variable.name);
      const el = pyExpr(ctx, e.element).code;
      if (!e.filter) return [`self.${pyField(name)} = nn.ModuleList([${el} for ${v} in ${it}])`];
      // A filtered stack keeps each element's position in the iterable as its name (`adapters.3`).
      const simple = /^range\(0, /.test(it);
      const keyed = simple ? `{${v}: ${el} for ${v} in ${it} if ${pyExpr(ctx, e.filter).code}}` : `{k: ${el} for k, ${v} in enumerate(${it}) if ${pyExpr(ctx, e.filter).code}}`;
      return [`self.${pyField(name)} = rt.SparseList(${keyed})`];
    } finally {
      ctx.scope = saved;
    }
  }
  return [`self.${pyField(name)} = ${pyExpr(ctx, e).code}`];
}

/**
 * A body's constructor lines. `isComputed` says which model-level statements are computed by
 * the forward (values, queue writes); in a block body there are none.
 */
export function pyConstructorBody(ctx: Ctx, info: BlockInfo | ModelInfo, body: readonly A.Stmt[], isComputed: (s: A.Stmt) => boolean): string[] {
  const out: string[] = [];
  for (const s of body) {
    switch (s.kind) {
      case "ParamStmt": {
        const dtype = s.type.kind === "TensorTypeExpr" ? s.type.dtype.name : "f32";
        const dims = s.type.kind === "TensorTypeExpr" ? s.type.dims.map((d) => (d.kind === "EllipsisExpr" ? "0" : pyExpr(ctx, d).code)) : [];
        out.push(`self.${pyField(s.name.name)} = self.param("${dtype}", [${dims.join(", ")}], ${pyInit(ctx, s.init)})`);
        break;
      }
      case "AssignStmt": {
        if (isComputed(s)) break;
        if (s.targets.length !== 1) {
          out.push(`${s.targets.map((t) => pyIdent(t.name)).join(", ")} = ${pyExpr(ctx, s.value).code}`);
          for (const t of s.targets) ctx.scope.set(t.name, { code: pyIdent(t.name), type: UNKNOWN });
          break;
        }
        const name = s.targets[0]!.name;
        const f = info.fields.get(name);
        if (f && f.kind !== "local" && f.kind !== "config" && f.kind !== "hyper") {
          out.push(...construct(ctx, name, s.value));
          break;
        }
        const t = typeOf(ctx, s.value);
        out.push(`${pyIdent(name)} = ${pyExpr(ctx, s.value).code}`);
        ctx.scope.set(name, { code: pyIdent(name), type: t });
        break;
      }
      case "RequireStmt":
        out.push(...requireLines(ctx, s));
        break;
      case "IfStmt": {
        const then = pyConstructorBody(ctx, info, s.then, isComputed);
        const other = s.else ? pyConstructorBody(ctx, info, s.else, isComputed) : [];
        if (then.length === 0 && other.length === 0) break;
        out.push(`if ${pyExpr(ctx, s.cond).code}:`, ...indent(then.length ? then : ["pass"]));
        if (other.length) out.push("else:", ...indent(other));
        break;
      }
      case "ExprStmt":
        if (!isComputed(s)) out.push(pyExpr(ctx, s.expr).code);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Conditional members and parameters start as None, so every attribute exists whatever the branch. */
export function conditionalDefaults(info: BlockInfo | ModelInfo): string[] {
  const out: string[] = [];
  for (const [name, f] of info.fields) {
    if ((f.kind === "param" || f.kind === "member" || f.kind === "list") && f.conditional) out.push(`self.${pyField(name)} = None`);
  }
  return out;
}

export function pyShares(body: readonly A.Stmt[]): string[] {
  return body.flatMap((s) => {
    if (s.kind !== "ShareStmt") return [];
    const except = s.except.length ? `, [${s.except.map((p) => JSON.stringify(printPattern(p))).join(", ")}]` : "";
    return [`rt.share(self, ${JSON.stringify(printPattern(s.target))}, ${JSON.stringify(printPattern(s.source))}${except})`];
  });
}

// ------------------------------------------------------------------ forward and fn bodies

export function pyMethodBody(ctx: Ctx, body: readonly A.Stmt[]): string[] {
  const out: string[] = [];
  for (const s of body) {
    switch (s.kind) {
      case "AssignStmt": {
        const t = typeOf(ctx, s.value);
        const v = pyExpr(ctx, s.value).code;
        out.push(`${s.targets.map((x) => pyIdent(x.name)).join(", ")} = ${v}`);
        s.targets.forEach((x, i) => {
          if (ctx.scope.lookup(x.name)?.code === pyIdent(x.name)) return;
          const item: SType = s.targets.length === 1 ? t : t.k === "tuple" ? (t.items[i] ?? UNKNOWN) : TENSOR;
          ctx.scope.set(x.name, { code: pyIdent(x.name), type: item });
        });
        break;
      }
      case "ExprStmt":
        out.push(pyExpr(ctx, s.expr).code);
        break;
      case "ReturnStmt":
        out.push(`return ${pyExpr(ctx, s.value).code}`);
        break;
      case "RequireStmt":
        out.push(...requireLines(ctx, s));
        break;
      case "IfStmt": {
        const cond = pyExpr(ctx, s.cond).code;
        const then = pyMethodBody(ctx, s.then);
        out.push(`if ${cond}:`, ...indent(then.length ? then : ["pass"]));
        if (s.else) {
          const other = pyMethodBody(ctx, s.else);
          if (other.length) out.push("else:", ...indent(other));
        }
        break;
      }
      case "ForStmt": {
        // Python's loop variable and the body's assignments outlive the loop, as in the spec.
        const it = pyExpr(ctx, s.iterable).code;
        const t = typeOf(ctx, s.iterable);
        const el: SType = t.k === "range" ? NUMBER : t.k === "list" ? t.of : t.k === "instances" ? { k: "instance", block: t.block, ...(t.union ? { union: t.union } : {}), ...(t.chosen ? { chosen: true } : {}) } : UNKNOWN;
        ctx.scope.set(s.variable.name, { code: pyIdent(s.variable.name), type: el });
        const inner = pyMethodBody(ctx, s.body);
        out.push(`for ${pyIdent(s.variable.name)} in ${it}:`, ...indent(inner.length ? inner : ["pass"]));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** `B = x.shape[0]` for the shape symbols a body reads, from the first parameter that names each. */
export function pySymbols(ctx: Ctx, params: readonly A.SigParam[], body: readonly A.Stmt[]): string[] {
  const out: string[] = [];
  for (const name of mentionedSymbols(body, params)) {
    if (ctx.scope.lookup(name) || ctx.info?.fields.has(name) || ctx.view.lookup(ctx.file, name)) continue;
    const src = symbolSource(name, params);
    if (!src) continue;
    const code = ctx.scope.lookup(src.param.name.name)?.code ?? pyIdent(src.param.name.name);
    out.push(`${pyIdent(name)} = ${code}.shape[${src.axis}]`);
    ctx.scope.set(name, { code: pyIdent(name), type: NUMBER });
  }
  return out;
}

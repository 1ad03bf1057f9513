// Spec statements as TypeScript statements: a block's constructor (its body run once: members,
// parameters, requirements, shares) and its forward modes and fns (run at every call). Locals
// assigned more than once, or first inside a branch or loop, are declared with `let`.
import type * as A from "../../../grammar/ast.js";
import { printPattern } from "../../../grammar/printer.js";
import type { BlockInfo, ModelInfo } from "../program/program.js";
import { mentionedSymbols, readNames, symbolSource } from "../program/model-facts.js";
import { matchArgs, printExpr, printInit, typeOf, type Ctx } from "./expr.js";
import { fieldName, ident } from "./scope.js";
import { NUMBER, TENSOR, UNKNOWN, tsType, type SType } from "./types.js";

/** The TypeScript of a `require`: a thrown Error with the spec's message. */
function requireStmt(ctx: Ctx, s: A.RequireStmt): string {
  const msg = s.message ?? `requirement failed: ${s.cond.kind}`;
  return `if (!(${printExpr(ctx, s.cond).code})) throw new Error(${JSON.stringify(msg)});`;
}

// ------------------------------------------------------------------ constructors

/** Block arguments as a config object literal, matched to the block's parameters. */
export function configLiteral(ctx: Ctx, params: readonly string[], args: readonly A.Arg[]): string {
  const m = matchArgs(params, args);
  const parts = params.filter((p) => m.has(p)).map((p) => {
    const code = printExpr(ctx, m.get(p)!).code;
    return code === p ? p : `${p}: ${code}`;
  });
  return `{ ${parts.join(", ")} }`;
}

/** The construction of one member: `new Attention(this, "attn", {…})`, a momentum copy or a queue. */
function construct(ctx: Ctx, owner: string, local: string, e: A.Expr): string {
  if (e.kind === "CondExpr") return `(${printExpr(ctx, e.cond).code}) ? ${construct(ctx, owner, local, e.then)} : ${construct(ctx, owner, local, e.else)}`;
  if (e.kind !== "CallExpr" || e.callee.kind !== "NameExpr") return printExpr(ctx, e).code;
  const name = e.callee.name;
  const nameCode = JSON.stringify(local);
  if (name === "ema") {
    const m = matchArgs(["source", "decay"], e.args);
    return `rt.momentum(${owner}, ${nameCode}, ${printExpr(ctx, m.get("source")!).code}, ${printExpr(ctx, m.get("decay")!).code})`;
  }
  if (name === "queue") {
    const m = matchArgs(["size", "dim", "dtype", "init"], e.args);
    const init = m.get("init");
    const dtype = m.get("dtype");
    const rest = [printExpr(ctx, m.get("size")!).code, printExpr(ctx, m.get("dim")!).code, ...(init || dtype ? [init ? printInit(ctx, init) : "undefined"] : []), ...(dtype ? [printExpr(ctx, dtype).code] : [])];
    return `rt.queue(${owner}, ${nameCode}, ${rest.join(", ")})`;
  }
  const local_ = ctx.scope.lookup(name);
  if (local_ && local_.type.k === "block") {
    // The class is chosen by the caller: its own parameter names bind the positional arguments.
    const positional = e.args.filter((a) => !a.name).map((a) => printExpr(ctx, a.value).code);
    const named = e.args.filter((a) => a.name).map((a) => {
      const code = printExpr(ctx, a.value).code;
      return code === a.name!.name ? code : `${a.name!.name}: ${code}`;
    });
    if (positional.length === 0) return `new ${local_.code}(${owner}, ${nameCode}, { ${named.join(", ")} })`;
    return `rt.construct(${local_.code}, ${owner}, ${nameCode}, [${positional.join(", ")}]${named.length ? `, { ${named.join(", ")} }` : ""})`;
  }
  const info = ctx.view.block(name);
  if (!info) return printExpr(ctx, e).code;
  return `new ${name}(${owner}, ${nameCode}, ${configLiteral(ctx, info.params.map((p) => p.name.name), e.args)})`;
}

function dimsCode(ctx: Ctx, t: A.TypeExpr): string {
  if (t.kind !== "TensorTypeExpr") return "[]";
  return `[${t.dims.map((d) => (d.kind === "EllipsisExpr" ? "0" : printExpr(ctx, d).code)).join(", ")}]`;
}

/** A `param` declaration in a constructor. */
function paramStmt(ctx: Ctx, s: A.ParamStmt, self: string): string {
  const dtype = s.type.kind === "TensorTypeExpr" ? s.type.dtype.name : "f32";
  return `${self}.${fieldName(s.name.name)} = ${self === "this" ? "this" : self}.param(${JSON.stringify(s.name.name)}, "${dtype}", ${dimsCode(ctx, s.type)}, ${printInit(ctx, s.init)});`;
}

/**
 * A body's constructor statements. `isComputed` says which model-level assignments are values
 * computed by the forward (not construction); in a block body there are none.
 */
export function constructorBody(ctx: Ctx, info: BlockInfo | ModelInfo, body: readonly A.Stmt[], isComputed: (s: A.Stmt) => boolean): string[] {
  const out: string[] = [];
  const assigned = new Map<string, number>();
  countAssignments(body, assigned);
  for (const s of body) {
    switch (s.kind) {
      case "ParamStmt":
        out.push(paramStmt(ctx, s, "this"));
        break;
      case "AssignStmt": {
        if (isComputed(s)) break;
        if (s.targets.length !== 1) {
          const v = printExpr(ctx, s.value);
          out.push(`const [${s.targets.map((t) => ident(t.name)).join(", ")}] = ${v.code};`);
          s.targets.forEach((t, i) => ctx.scope.set(t.name, { code: ident(t.name), type: v.type.k === "tuple" ? (v.type.items[i] ?? UNKNOWN) : UNKNOWN }));
          break;
        }
        const name = s.targets[0]!.name;
        const f = info.fields.get(name);
        if (f && f.kind !== "local" && f.kind !== "config" && f.kind !== "hyper") {
          out.push(`this.${fieldName(name)} = ${memberValue(ctx, name, s.value)};`);
          break;
        }
        const v = printExpr(ctx, s.value);
        if (ctx.scope.own(name)) out.push(`${ident(name)} = ${v.code};`);
        else {
          out.push(`${(assigned.get(name) ?? 0) > 1 ? "let" : "const"} ${ident(name)} = ${v.code};`);
          ctx.scope.set(name, { code: ident(name), type: v.type });
        }
        break;
      }
      case "RequireStmt":
        out.push(requireStmt(ctx, s));
        break;
      case "IfStmt": {
        const then = constructorBody(ctx, info, s.then, isComputed);
        const otherwise = s.else ? constructorBody(ctx, info, s.else, isComputed) : [];
        if (then.length === 0 && otherwise.length === 0) break;
        const cond = printExpr(ctx, s.cond).code;
        out.push(`if (${cond}) {\n${then.join("\n")}\n}${otherwise.length ? ` else {\n${otherwise.join("\n")}\n}` : ""}`);
        break;
      }
      case "ExprStmt":
        if (!isComputed(s)) out.push(`${printExpr(ctx, s.expr).code};`);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The construction `v` (this statement's value: a member built in two branches has two). */
function memberValue(ctx: Ctx, name: string, v: A.Expr): string {
  if (v.kind === "ComprehensionExpr") {
    const it = printExpr(ctx, v.iterable);
    const iterable = it.type.k === "instances" ? `${it.code}.items` : it.code;
    // An index the element does not read is `_i`, as TypeScript spells an unused parameter.
    const mentions = (x: A.Expr): boolean => readNames(x, (n) => n === v.variable.name).length > 0;
    const variable = ident(v.variable.name);
    const saved = ctx.scope;
    ctx.scope = saved.child();
    ctx.scope.set(v.variable.name, { code: variable, type: it.type.k === "range" || it.type.k === "list" ? NUMBER : UNKNOWN });
    try {
      const param = mentions(v.element) ? variable : `_${v.variable.name}`;
      const make = `(list, key, ${param}) => ${construct(ctx, "list", "\u0000key", v.element).replace(JSON.stringify("\u0000key"), "key")}`;
      const keep = v.filter ? `, (${variable}) => ${printExpr(ctx, v.filter).code}` : "";
      return `ModuleList.build(this, ${JSON.stringify(name)}, ${iterable}, ${make}${keep})`;
    } finally {
      ctx.scope = saved;
    }
  }
  return construct(ctx, "this", name, v);
}

function countAssignments(body: readonly A.Stmt[], into: Map<string, number>, weight = 1): void {
  for (const s of body) {
    if (s.kind === "AssignStmt") for (const t of s.targets) into.set(t.name, (into.get(t.name) ?? 0) + weight);
    else if (s.kind === "IfStmt") {
      countAssignments(s.then, into, 2);
      if (s.else) countAssignments(s.else, into, 2);
    } else if (s.kind === "ForStmt") countAssignments(s.body, into, 2);
  }
}

/** Block- and model-level `share`/`tie` statements, applied once every member exists. */
export function shareStatements(body: readonly A.Stmt[]): string[] {
  const out: string[] = [];
  const visit = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "ShareStmt") {
        const except = s.except.length ? `, [${s.except.map((p) => JSON.stringify(printPattern(p))).join(", ")}]` : "";
        out.push(`rt.share(this, ${JSON.stringify(printPattern(s.target))}, ${JSON.stringify(printPattern(s.source))}${except});`);
      }
    }
  };
  visit(body);
  return out;
}

// ------------------------------------------------------------------ forward and fn bodies

/** Names a body assigns, with whether the first assignment is at its top level. */
function firstAssignments(body: readonly A.Stmt[]): Map<string, { top: boolean; count: number }> {
  const out = new Map<string, { top: boolean; count: number }>();
  const visit = (stmts: readonly A.Stmt[], top: boolean): void => {
    for (const s of stmts) {
      if (s.kind === "AssignStmt") {
        for (const t of s.targets) {
          const prev = out.get(t.name);
          out.set(t.name, { top: prev ? prev.top : top, count: (prev?.count ?? 0) + (top ? 1 : 2) });
        }
      } else if (s.kind === "IfStmt") {
        visit(s.then, false);
        if (s.else) visit(s.else, false);
      } else if (s.kind === "ForStmt") visit(s.body, false);
    }
  };
  visit(body, true);
  return out;
}

/** The statements of a forward mode or fn body. */
export function methodBody(ctx: Ctx, body: readonly A.Stmt[]): string[] {
  const first = firstAssignments(body);
  const out: string[] = [];
  // Locals first assigned inside a branch or loop are declared up front.
  for (const [name, f] of first) {
    if (f.top || ctx.scope.lookup(name)) continue;
    const t = hoistedType(ctx, body, name);
    out.push(`let ${ident(name)}!: ${tsType(t)};`);
    ctx.scope.set(name, { code: ident(name), type: t });
  }
  out.push(...statements(ctx, body, first));
  return out;
}

function hoistedType(ctx: Ctx, body: readonly A.Stmt[], name: string): SType {
  let found: A.Expr | undefined;
  const visit = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if (found) return;
      if (s.kind === "AssignStmt" && s.targets.length === 1 && s.targets[0]!.name === name) found = s.value;
      else if (s.kind === "IfStmt") {
        visit(s.then);
        if (s.else) visit(s.else);
      } else if (s.kind === "ForStmt") visit(s.body);
    }
  };
  visit(body);
  if (!found) return TENSOR;
  const t = typeOf(ctx, found);
  return t.k === "unknown" || t.k === "none" ? TENSOR : t;
}

function statements(ctx: Ctx, body: readonly A.Stmt[], first: Map<string, { top: boolean; count: number }>): string[] {
  const out: string[] = [];
  for (const s of body) {
    switch (s.kind) {
      case "AssignStmt": {
        const v = printExpr(ctx, s.value);
        if (s.targets.length === 1) {
          const name = s.targets[0]!.name;
          if (ctx.scope.lookup(name)?.code === ident(name)) out.push(`${ident(name)} = ${v.code};`);
          else {
            const reassigned = (first.get(name)?.count ?? 1) > 1;
            out.push(`${reassigned ? "let" : "const"} ${ident(name)} = ${v.code};`);
            ctx.scope.set(name, { code: ident(name), type: v.type });
          }
        } else {
          const fresh = s.targets.every((t) => ctx.scope.lookup(t.name)?.code !== ident(t.name));
          out.push(`${fresh ? "const " : ""}[${s.targets.map((t) => ident(t.name)).join(", ")}] = ${v.code};`);
          s.targets.forEach((t, i) => ctx.scope.set(t.name, { code: ident(t.name), type: v.type.k === "tuple" ? (v.type.items[i] ?? UNKNOWN) : TENSOR }));
        }
        break;
      }
      case "ExprStmt":
        out.push(`${printExpr(ctx, s.expr).code};`);
        break;
      case "ReturnStmt":
        out.push(`return ${printExpr(ctx, s.value).code};`);
        break;
      case "RequireStmt":
        out.push(requireStmt(ctx, s));
        break;
      case "IfStmt": {
        const cond = printExpr(ctx, s.cond).code;
        const then = statements(ctx, s.then, first);
        const otherwise = s.else ? statements(ctx, s.else, first) : [];
        out.push(`if (${cond}) {\n${then.join("\n")}\n}${otherwise.length ? ` else {\n${otherwise.join("\n")}\n}` : ""}`);
        break;
      }
      case "ForStmt": {
        const it = s.iterable;
        const v = ident(s.variable.name);
        const saved = ctx.scope;
        ctx.scope = saved.child();
        let head: string;
        if (it.kind === "RangeExpr") {
          ctx.scope.set(s.variable.name, { code: v, type: NUMBER });
          head = `for (let ${v} = ${printExpr(ctx, it.start).code}; ${v} < ${printExpr(ctx, it.end).code}; ${v}++)`;
        } else {
          const p = printExpr(ctx, it);
          const elType: SType = p.type.k === "instances" ? { k: "instance", block: p.type.block, ...(p.type.union ? { union: p.type.union } : {}), ...(p.type.chosen ? { chosen: true } : {}) } : p.type.k === "list" ? p.type.of : p.type.k === "range" ? NUMBER : UNKNOWN;
          ctx.scope.set(s.variable.name, { code: v, type: elType });
          head = `for (const ${v} of ${p.type.k === "instances" ? `${p.code}.items` : p.code})`;
        }
        const inner = statements(ctx, s.body, first);
        ctx.scope = saved;
        out.push(`${head} {\n${inner.join("\n")}\n}`);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * Shape symbols a body reads, bound from the parameters' shapes (`const B = x.shape[0]!`): the
 * first parameter whose declared type names the symbol as a whole dimension.
 */
export function symbolBindings(ctx: Ctx, params: readonly A.SigParam[], body: readonly A.Stmt[]): string[] {
  const out: string[] = [];
  for (const name of mentionedSymbols(body, params)) {
    if (ctx.scope.lookup(name) || ctx.info?.fields.has(name) || ctx.view.lookup(ctx.file, name)) continue;
    const src = symbolSource(name, params);
    if (!src) continue;
    const code = ctx.scope.lookup(src.param.name.name)?.code ?? ident(src.param.name.name);
    const tensor = code.replace(/!$/, "") + (code.endsWith("!") ? "!" : "");
    const index = src.axis < 0 ? `${tensor}.shape.length - ${-src.axis}` : String(src.axis);
    out.push(`const ${ident(name)} = ${tensor}.shape[${index}]!;`);
    ctx.scope.set(name, { code: ident(name), type: NUMBER });
  }
  return out;
}

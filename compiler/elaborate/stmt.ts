// Statements. A body (block constructor or model) runs once and declares members; a forward or
// fn body runs at every call and may reassign its locals, loop and return.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { checkRequire } from "./report/requires.js";
import { expectKind } from "./report/value-types.js";
import { paramDims } from "./report/dim-values.js";
import type { DType } from "../ir/types.js";
import { Dim } from "../shapes/dim.js";
import { Env } from "./env.js";
import type { Instance } from "./instance.js";
import type { Interp, Naming } from "./interp.js";
import { evalExpr, iterate } from "./expr.js";
import { evalInit } from "./builtins.js";
import { overrideEnv, type Override } from "./derive.js";
import type { Value } from "./values.js";

/** Model-only statements, handled by elaborate/model.ts. */
export interface ModelHooks {
  hyper(s: A.HyperStmt): void;
  input(s: A.InputStmt): void;
  objective(s: A.ObjectiveStmt): void;
  deferred(s: A.StageStmt | A.GroupStmt | A.PublishedStmt): void;
}

export interface BodyCtx {
  readonly inst: Instance;
  readonly env: Env;
  readonly shares: A.ShareStmt[];
  readonly model?: ModelHooks;
  /** A derived block's overrides: members built from these statements instead (derive.ts). */
  readonly overrides?: ReadonlyMap<string, Override>;
}

/**
 * Runs a body. Returns false when a requirement fails or a parameter cannot be created: the
 * instance is then unusable, and going on would only report consequences of the same mistake.
 */
export function execBody(ip: Interp, stmts: readonly A.Stmt[], ctx: BodyCtx): boolean {
  for (const s of stmts) {
    if (ip.aborted) return false;
    switch (s.kind) {
      case "ParamStmt":
      case "AssignStmt": {
        const o = ctx.overrides?.get(s.kind === "ParamStmt" ? s.name.name : s.targets.length === 1 ? s.targets[0]!.name : "");
        const [stmt, c] = o ? [o.stmt, { ...ctx, env: overrideEnv(ctx.env, o) }] : [s, ctx];
        if (stmt.kind === "AssignStmt") assign(ip, stmt, c.env, c);
        else if (!declareParam(ip, stmt, c)) return false;
        break;
      }
      case "ExprStmt":
        evalExpr(ip, s.expr, ctx.env);
        break;
      case "RequireStmt":
        if (!checkRequire(ip, s, ctx.env, (e, env) => evalExpr(ip, e, env))) return false;
        break;
      case "IfStmt": {
        const branch = condition(ip, s, ctx.env);
        if (branch && !execBody(ip, branch, ctx)) return false;
        break;
      }
      case "ForwardDecl":
        ctx.inst.modes.set(s.name?.name ?? "", s);
        break;
      case "ShareStmt":
        ctx.shares.push(s);
        break;
      case "HyperStmt":
        ctx.model?.hyper(s);
        break;
      case "InputStmt":
        ctx.model?.input(s);
        break;
      case "ObjectiveStmt":
        ctx.model?.objective(s);
        break;
      case "StageStmt":
      case "GroupStmt":
      case "PublishedStmt":
        ctx.model?.deferred(s);
        break;
      case "MarkStmt":
        // Only in a model body (compiler/checks/statement-context.ts): the patterns are the model's.
        if (ctx.model) ip.marks.statement(s);
        break;
      default:
        break; // variants are read before the body runs; misplaced statements were reported
    }
  }
  return true;
}

/** The branch an `if` takes, or undefined for none (or after an error). */
function condition(ip: Interp, s: A.IfStmt, env: Env): readonly A.Stmt[] | undefined {
  const c = evalExpr(ip, s.cond, env);
  if (c.k === "error") return undefined;
  if (c.k !== "bool") {
    expectKind(ip, c, "a bool condition", s.cond.span);
    return undefined;
  }
  return c.v ? s.then : s.else;
}

function assign(ip: Interp, s: A.AssignStmt, env: Env, ctx: BodyCtx | undefined): void {
  if (s.targets.length === 1) {
    const name = s.targets[0]!;
    const naming: Naming | undefined = ctx ? { name: name.name, owner: ctx.inst, span: name.span, ...(s.doc ? { doc: s.doc } : {}) } : undefined;
    const v = evalExpr(ip, s.value, env, naming);
    env.set(name.name, v);
    if (ctx && s.mark) ip.marks.value(ip, s, s.mark, v);
    if (ctx?.model && v.k === "tensor") ip.g.outputs.set(name.name, v.id);
    return;
  }
  const v = evalExpr(ip, s.value, env);
  if (v.k === "error") {
    for (const t of s.targets) env.set(t.name, v);
    return;
  }
  if (v.k !== "list" || v.items.length !== s.targets.length) {
    expectKind(ip, v, `a tuple of ${s.targets.length} values`, s.value.span);
    for (const t of s.targets) env.set(t.name, { k: "error" });
    return;
  }
  s.targets.forEach((t, i) => {
    const item = v.items[i]!;
    env.set(t.name, item);
    if (ctx?.model && item.k === "tensor") ip.g.outputs.set(t.name, item.id);
  });
}

/** The momentum source of a parameter declared inside an EMA copy (or one of its sub-instances). */
function emaSource(inst: Instance, name: string): string | undefined {
  for (let i: Instance | undefined = inst; i; i = i.parent) {
    if (i.ema) return i.ema.of.path + name.slice(i.path.length);
  }
  return undefined;
}

function declareParam(ip: Interp, s: A.ParamStmt, ctx: BodyCtx): boolean {
  const name = ctx.inst.child(s.name.name);
  if (s.type.kind !== "TensorTypeExpr") {
    ip.report(say(Diag.ArgumentType, "paramType", { name: s.name.name }), s.type.span);
    ctx.env.set(s.name.name, { k: "error" });
    return false;
  }
  const dims = paramDims(ip, s.type, ctx.env, (e, env) => evalExpr(ip, e, env), s.name.name);
  const init = s.init ? evalInit(ip, s.init, ctx.env) : { kind: "normal", args: { std: 0.02, mean: 0 } };
  if (!dims || !init) {
    ctx.env.set(s.name.name, { k: "error" });
    return false;
  }
  const dtype = s.type.dtype.name as DType;
  const emaOf = emaSource(ctx.inst, name);
  ip.g.setParam({
    name,
    dtype,
    shape: dims,
    init,
    instance: ctx.inst.path,
    ...(emaOf ? { emaOf } : {}),
    span: s.name.span,
    ...(s.doc ? { doc: s.doc } : {}),
  });
  const v = ip.emit("param", [], { name, dtype, shape: dims.map((d) => Dim.of(d)) }, s.name.span);
  ctx.inst.params.push(name);
  ctx.env.set(s.name.name, v);
  if (s.mark) ip.marks.param(s.mark, name);
  return true;
}

/** Runs a forward or fn body; returns the returned value, or undefined if it falls off the end. */
export function execForward(ip: Interp, stmts: readonly A.Stmt[], env: Env): Value | undefined {
  for (const s of stmts) {
    if (ip.aborted) return { k: "error" };
    switch (s.kind) {
      case "AssignStmt":
        assign(ip, s, env, undefined);
        break;
      case "ExprStmt":
        evalExpr(ip, s.expr, env);
        break;
      case "RequireStmt":
        if (!checkRequire(ip, s, env, (e, en) => evalExpr(ip, e, en))) return { k: "error" };
        break;
      case "ReturnStmt":
        return evalExpr(ip, s.value, env);
      case "IfStmt": {
        const branch = condition(ip, s, env);
        if (branch) {
          const r = execForward(ip, branch, env);
          if (r) return r;
        }
        break;
      }
      case "ForStmt": {
        const items = iterate(ip, evalExpr(ip, s.iterable, env), s.iterable.span);
        for (const item of items ?? []) {
          env.set(s.variable.name, item);
          const r = execForward(ip, s.body, env);
          if (r) return r;
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}


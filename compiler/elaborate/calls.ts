// Calls: what `f(args)` means depends on f — a block is instantiated (only as the value of a
// body-level assignment, which names the instance), an instance runs its forward, `inst.mode`
// runs a named forward, a fn runs its body, a builtin emits an op or computes a value.
import type * as A from "../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { matchArguments, type ArgVal } from "./report/call-arguments.js";
import { fitScalarType, reportArgumentType } from "./report/value-types.js";
import { bindTensorType } from "./report/shapes.js";
import { forwardOf } from "./report/member-access.js";
import { unnamedInstance } from "./report/instance-placement.js";
import type { TensorType } from "../ir/types.js";
import { Env } from "./env.js";
import type { Instance } from "./instance.js";
import type { Interp, Naming } from "./interp.js";
import { evalExpr } from "./expr.js";
import { callBuiltin, initArgument } from "./builtins.js";
import { takesInitialiser } from "../prelude.js";
import { instantiate } from "./instantiate.js";
import { execForward } from "./stmt.js";
import { describe, ERROR, NONE, type Value } from "./values.js";

export function evalCall(ip: Interp, e: A.CallExpr, env: Env, naming?: Naming): Value {
  const callee = evalExpr(ip, e.callee, env);
  if (callee.k === "error") return ERROR;
  const args: ArgVal[] = [];
  for (const a of e.args) {
    // A builtin's initialiser argument (`queue(…, init: unit_normal)`) sees the initialiser
    // names, as an `init` clause does; every other argument is an ordinary expression.
    const value = a.name && callee.k === "builtin" && takesInitialiser(callee.name, a.name.name) ? initArgument(ip, a.value, env) : evalExpr(ip, a.value, env);
    if (value.k === "error") return ERROR;
    // Two literal shapes, not a conditional spread: this runs for every call of every op.
    args.push(a.name ? { name: a.name, value, span: a.span } : { value, span: a.span });
  }
  const override = ip.objectiveCall === e ? Diag.ObjectiveInputs : undefined;
  switch (callee.k) {
    case "block":
      if (!naming) return unnamedInstance(ip, callee.decl.name.name, e.span);
      return instantiate(ip, callee.decl, args, naming, e.span, undefined);
    case "instance":
      if (callee.inst.isList) {
        return ip.report(say(Diag.WrongKind, "notCallable", { what: describe(callee) }), e.callee.span, {
          hint: phrase(Diag.WrongKind, "instanceListCallHint"),
        });
      }
      return callForward(ip, callee.inst, "", args, e.span, override);
    case "mode":
      return callForward(ip, callee.inst, callee.mode, args, e.span, override);
    case "fn":
      return callFn(ip, callee.decl, args, e.span, override);
    case "builtin":
      return callBuiltin(ip, callee.name, args, e, naming, override);
    default:
      return ip.report(say(Diag.WrongKind, "notCallable", { what: describe(callee) }), e.callee.span);
  }
}

/** Binds arguments to a block's, forward's or fn's parameters in `env`, checking their types. */
export function bindSignature(
  ip: Interp,
  params: readonly (A.BlockParam | A.SigParam)[],
  args: readonly ArgVal[],
  env: Env,
  callee: string,
  callSpan: A.Span,
  override?: DiagnosticKind,
): boolean {
  const specs = params.map((p) => ({ name: p.name.name, required: p.default === undefined }));
  const matched = matchArguments(ip, specs, args, callee, callSpan, override);
  if (!matched) return false;
  let ok = true;
  for (const p of params) {
    const arg = matched.get(p.name.name);
    let value = arg ? arg.value : p.default ? evalExpr(ip, p.default, env) : NONE;
    if (value.k === "error") return false;
    const site = arg?.span ?? callSpan;
    const what = `argument \`${p.name.name}\` of ${callee}`;
    if (p.type?.kind === "TensorTypeExpr") {
      const optionalAbsent = value.k === "none" && p.default !== undefined;
      if (!optionalAbsent && !bindTensorType(ip, p.type, value, env, (d, de) => evalExpr(ip, d, de), what, site, override)) ok = false;
    } else if (p.type?.kind === "ScalarTypeExpr") {
      const fitted = value.k === "none" && p.default?.kind === "NoneLit" ? value : fitScalarType(value, p.type.name.name);
      if (!fitted) {
        reportArgumentType(ip, what, p.type.name.name, value, site);
        ok = false;
      } else value = fitted;
    }
    env.set(p.name.name, value);
  }
  return ok;
}

function checkReturn(ip: Interp, decl: { returns?: A.ReturnType }, value: Value, env: Env, callee: string, site: A.Span): boolean {
  if (!decl.returns || value.k === "error") return true;
  if (decl.returns.kind === "TupleTypeExpr") return checkTupleReturn(ip, decl.returns, value, env, callee, site);
  return checkResult(ip, decl.returns, value, env, `the result of ${callee}`, callee, site);
}

/** One declared result type against the value returned; symbols bind in `env` across results. */
function checkResult(ip: Interp, type: A.TypeExpr, value: Value, env: Env, what: string, callee: string, site: A.Span): boolean {
  if (value.k === "none" && type.kind === "TensorTypeExpr") {
    ip.report(say(Diag.ArgumentType, "noReturn", { callee, dtype: type.dtype.name }), site);
    return false;
  }
  if (type.kind === "TensorTypeExpr") {
    return bindTensorType(ip, type, value, env, (d, de) => evalExpr(ip, d, de), what, site, undefined, true);
  }
  if (!fitScalarType(value, type.name.name)) {
    reportArgumentType(ip, what, type.name.name, value, site);
    return false;
  }
  return true;
}

/**
 * `-> (f32[B, D], f32[B])`: the forward returns as many values (`return a, b`), each of its
 * declared type; a mismatch points at the element's type in the signature.
 */
function checkTupleReturn(ip: Interp, type: A.TupleTypeExpr, value: Value, env: Env, callee: string, site: A.Span): boolean {
  const items = value.k === "list" && value.tuple ? value.items : value.k === "none" ? [] : [value];
  if (items.length !== type.items.length) {
    ip.report(say(Diag.ArgumentType, "tupleArity", { callee, count: type.items.length, got: items.length }), site);
    return false;
  }
  let ok = true;
  type.items.forEach((t, i) => {
    if (!checkResult(ip, t, items[i]!, env, `result ${i + 1} of ${callee}`, callee, t.span)) ok = false;
  });
  return ok;
}

function tensorsOf(v: Value): TensorType[] {
  if (v.k === "tensor") return [v.type];
  if (v.k === "list") return v.items.flatMap(tensorsOf);
  return [];
}

export function callForward(ip: Interp, inst: Instance, mode: string, args: readonly ArgVal[], callSpan: A.Span, override?: DiagnosticKind): Value {
  const decl = forwardOf(ip, inst, mode, callSpan);
  if (!decl) return ERROR;
  const label = `${inst.blockName}${mode ? "." + mode : ""} (${inst.path || "model"})`;
  if (ip.depth >= ip.limits.maxDepth) {
    return ip.report(say(Diag.RecursiveBlock, "callDepth", { max: ip.limits.maxDepth, label }), callSpan, {
      hint: phrase(Diag.RecursiveBlock, "selfCallHint"),
    });
  }
  const env = new Env(inst.env);
  // `self.mode(…)` lets one mode reuse another mode of the same instance.
  env.set("self", { k: "instance", inst });
  const savedKeys = ip.enterKeyFrame("forward", inst.path, mode);
  const savedFrame = ip.pushFrame(`in ${label}, called here`, callSpan, ip.keyFrame.prefix);
  const savedScope = ip.scope;
  const savedMode = ip.mode;
  ip.scope = inst.path;
  ip.mode = mode;
  ip.depth++;
  try {
    if (!bindSignature(ip, decl.params, args, env, label, callSpan, override)) return ERROR;
    if (!inst.firstInput) inst.firstInput = args.flatMap((a) => tensorsOf(a.value));
    const result = execForward(ip, decl.body, env) ?? NONE;
    if (!checkReturn(ip, decl, result, env, label, decl.returns?.span ?? decl.span)) return ERROR;
    inst.calls++;
    if (!inst.firstOutput) inst.firstOutput = tensorsOf(result);
    return result;
  } finally {
    ip.depth--;
    ip.scope = savedScope;
    ip.mode = savedMode;
    ip.frame = savedFrame;
    ip.keyFrame = savedKeys;
  }
}

export function callFn(ip: Interp, decl: A.FnDecl, args: readonly ArgVal[], callSpan: A.Span, override?: DiagnosticKind): Value {
  const label = `fn ${decl.name.name}`;
  if (ip.depth >= ip.limits.maxDepth) {
    return ip.report(say(Diag.RecursiveBlock, "callDepth", { max: ip.limits.maxDepth, label }), callSpan);
  }
  const env = new Env(ip.moduleEnv(decl.span.file));
  const savedFrame = ip.pushFrame(`in ${label}, called here`, callSpan);
  const savedKeys = ip.enterKeyFrame("fn", decl.name.name);
  ip.depth++;
  try {
    if (!bindSignature(ip, decl.params, args, env, label, callSpan, override)) return ERROR;
    const result = execForward(ip, decl.body, env) ?? NONE;
    if (!checkReturn(ip, decl, result, env, label, decl.returns?.span ?? decl.span)) return ERROR;
    return result;
  } finally {
    ip.depth--;
    ip.frame = savedFrame;
    ip.keyFrame = savedKeys;
  }
}

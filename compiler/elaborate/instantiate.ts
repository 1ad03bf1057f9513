// Instantiating blocks: a new Instance at `owner.name`, its constructor arguments bound and its
// body run once (parameters, sub-instances, modes, block-level shares). Momentum copies rebuild
// the same block from the same arguments at a new path; comprehensions make lists of instances.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import type { ArgVal } from "./report/call-arguments.js";
import { Env } from "./env.js";
import { Instance } from "./instance.js";
import type { Interp, Naming } from "./interp.js";
import { bindSignature } from "./calls.js";
import { derivation } from "./derive.js";
import { evalExpr } from "./expr.js";
import { execBody, type BodyCtx } from "./stmt.js";
import { resolveShares } from "./sharing.js";
import { ERROR, type Value } from "./values.js";
import type { KeptItem } from "./list-keys.js";

function register(ip: Interp, inst: Instance, naming: Naming): boolean {
  if (ip.instances.has(inst.path)) {
    ip.report(say(Diag.DuplicateName, "instance", { path: inst.path }), naming.span);
    return false;
  }
  ip.instances.set(inst.path, inst);
  naming.owner.children.push(inst);
  return true;
}

export function instantiate(
  ip: Interp,
  decl: A.BlockDecl,
  args: readonly ArgVal[],
  naming: Naming,
  callSpan: A.Span,
  ema: { of: Instance; decay: number } | undefined,
): Value {
  if (ip.aborted) return ERROR;
  if (ip.depth >= ip.limits.maxDepth) {
    return ip.report(say(Diag.RecursiveBlock, "instantiationDepth", { max: ip.limits.maxDepth, block: decl.name.name }), callSpan);
  }
  // A derived block runs its base's parameters and body, with its overrides (derive.ts).
  const d = derivation(ip, decl);
  if (!d) return ERROR;
  const { root, overrides } = d;
  const path = naming.owner.child(naming.name);
  const env = new Env(ip.moduleEnv(root.span.file));
  const ctorArgs = new Map<string, Value>();
  const inst = new Instance(path, decl, env, naming.span, naming.owner, ctorArgs, undefined, ema, naming.doc ?? decl.doc);
  if (!register(ip, inst, naming)) return ERROR;

  const savedFrame = ip.pushFrame(`in ${decl.name.name} (${path}), instantiated here`, callSpan);
  const savedKeys = ip.enterKeyFrame("init", path);
  const savedScope = ip.scope;
  const savedMode = ip.mode;
  ip.scope = path;
  ip.mode = "";
  ip.depth++;
  try {
    if (!bindSignature(ip, root.params, args, env, decl.name.name, callSpan)) return ERROR;
    for (const p of root.params) ctorArgs.set(p.name.name, env.own(p.name.name)!);
    const ctx: BodyCtx = { inst, env, shares: [], overrides };
    if (!execBody(ip, root.body, ctx)) return ERROR;
    resolveShares(ip, ctx.shares, inst);
    return { k: "instance", inst };
  } finally {
    ip.depth--;
    ip.scope = savedScope;
    ip.mode = savedMode;
    ip.frame = savedFrame;
    ip.keyFrame = savedKeys;
  }
}

/** `m = ema(source, decay: 0.995)`: the same block, same arguments, new parameters that track the source's. */
export function momentumCopy(ip: Interp, source: Instance, decay: number, naming: Naming, span: A.Span): Value {
  if (!source.block) {
    return ip.report(say(Diag.WrongKind, source.isList ? "emaOfList" : "emaOfModel"), span);
  }
  const args: ArgVal[] = [...source.ctorArgs].map(([name, value]) => ({ name: { kind: "Ident", name, span }, value, span }));
  return instantiate(ip, source.block, args, naming, span, { of: source, decay });
}

/**
 * `[Layer(...) for i in 0..n]` assigned to `layers`: instances `layers.0`, `layers.1`, …, each
 * named by its position in the iterable, so a filtered list (`… if i % 4 == 3`) keeps the
 * names `layers.3`, `layers.7` (compiler/elaborate/list-keys.ts).
 */
export function makeInstanceList(ip: Interp, e: A.ComprehensionExpr, items: readonly KeptItem[], env: Env, naming: Naming): Value {
  const path = naming.owner.child(naming.name);
  const list = new Instance(path, undefined, new Env(undefined), naming.span, naming.owner, new Map(), [], undefined, naming.doc);
  if (!register(ip, list, naming)) return ERROR;
  for (const { at, item } of items) {
    if (ip.aborted) return ERROR;
    const inner = new Env(env);
    inner.set(e.variable.name, item);
    const v = evalExpr(ip, e.element, inner, { name: String(at), owner: list, span: e.element.span });
    if (v.k === "error") return ERROR;
    if (v.k !== "instance") {
      return ip.report(say(Diag.WrongKind, "instanceListElement", { index: at }), e.element.span);
    }
    list.items!.push(v.inst);
  }
  return { k: "instance", inst: list };
}

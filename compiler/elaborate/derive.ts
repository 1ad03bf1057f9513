// Derived blocks at elaboration (`block ScaledViT = VisionTransformer with { norm = … }`): an
// instance of one runs the body of the block its derivation chain ends in, with that block's
// parameters, so members come in the base's order and keep the base's names (and checkpoint
// names). Where the body declares a member that an override names, the override runs instead
// (compiler/elaborate/stmt.ts), in an environment that sees the instance's parameters and
// members first and then the file that wrote the override — its blocks and fns, which the
// base's file may not import. Forwards read members from the instance, so they see the override.
// The declarations were checked before (compiler/checks/block-derivations.ts).
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { Env } from "./env.js";
import type { Interp } from "./interp.js";
import { describe, type Value } from "./values.js";

/** An override statement and the file it was written in. */
export interface Override {
  readonly stmt: A.AssignStmt | A.ParamStmt;
  readonly module: Env;
}

export interface Derivation {
  /** The block whose parameters and body run. */
  readonly root: A.BlockDecl;
  /** Overrides by member name; a derivation's own override wins over its base's. */
  readonly overrides: ReadonlyMap<string, Override>;
}

const NO_OVERRIDES: ReadonlyMap<string, Override> = new Map();

/** Follows `decl`'s derivation chain to the block that has a body; undefined after a reported error. */
export function derivation(ip: Interp, decl: A.BlockDecl): Derivation | undefined {
  if (!decl.derive) return { root: decl, overrides: NO_OVERRIDES };
  const overrides = new Map<string, Override>();
  const seen = new Set<A.BlockDecl>();
  let cur = decl;
  while (cur.derive) {
    if (seen.has(cur)) return undefined; // a loop, reported by compiler/checks/recursive-blocks.ts
    seen.add(cur);
    const module = ip.moduleEnv(cur.span.file);
    for (const s of cur.derive.overrides) {
      const name = s.kind === "ParamStmt" ? s.name.name : s.kind === "AssignStmt" && s.targets.length === 1 ? s.targets[0]!.name : undefined;
      if (name !== undefined && !overrides.has(name)) overrides.set(name, { stmt: s as A.AssignStmt | A.ParamStmt, module });
    }
    const base = module.lookup(cur.derive.base.name);
    if (base?.k !== "block") {
      ip.report(say(Diag.BlockDerivation, "notBlock", { name: cur.derive.base.name, what: base ? describe(base) : "unknown", derived: cur.name.name }), cur.derive.base.span);
      return undefined;
    }
    cur = base.decl;
  }
  return { root: cur, overrides };
}

/**
 * Where an override is evaluated: the instance's own bindings (parameters, members declared so
 * far), then the overriding file's declarations. What it declares goes to the instance.
 */
class OverrideEnv extends Env {
  constructor(
    private readonly inst: Env,
    module: Env,
  ) {
    super(module);
  }
  override lookup(name: string): Value | undefined {
    return this.inst.own(name) ?? super.lookup(name);
  }
  override own(name: string): Value | undefined {
    return this.inst.own(name);
  }
  override ownNames(): string[] {
    return this.inst.ownNames();
  }
  override set(name: string, v: Value): void {
    this.inst.set(name, v);
  }
  override bindSymbol(name: string, v: Value, origin: string): void {
    this.inst.bindSymbol(name, v, origin);
  }
  override allNames(): string[] {
    return [...this.inst.ownNames(), ...super.allNames()];
  }
}

export function overrideEnv(inst: Env, o: Override): Env {
  return new OverrideEnv(inst, o.module);
}

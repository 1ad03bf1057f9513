// Derived blocks (`block ScaledViT = VisionTransformer with { norm = RMSNorm(width) }`): the
// base is a block, and each override replaces a member the base declares, with one of the same
// kind (a `param` by a `param`, an assigned member by an assignment), once. Checked on the
// declarations, so a derivation is checked even where nothing instantiates it. The names in
// an override are checked here too, because they see the base's parameters and members, which
// may live in another file. An unknown base is an unknown name (unknown-names.ts); a base
// that derives from itself is a recursion (recursive-blocks.ts).
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { isBuiltinName } from "../prelude.js";
import type { ModuleScope, TopDecl } from "../resolve/scope.js";
import { NameChecker, type StdLookup } from "./unknown-names.js";

type MemberKind = "param" | "assigned";

const KIND_PHRASE: Record<MemberKind, string> = { param: "a `param`", assigned: "an assigned member (`name = …`)" };

/** The block a derivation chain ends in, or undefined when a link is not a block or the chain loops. */
function rootOf(d: TopDecl, scopes: ReadonlyMap<string, ModuleScope>): (TopDecl & { kind: "block" }) | undefined {
  const seen = new Set<A.BlockDecl>();
  let cur: TopDecl | undefined = d;
  while (cur?.kind === "block" && cur.decl.derive) {
    if (seen.has(cur.decl)) return undefined;
    seen.add(cur.decl);
    cur = scopes.get(cur.file)?.visible.get(cur.decl.derive.base.name);
  }
  return cur?.kind === "block" ? (cur as TopDecl & { kind: "block" }) : undefined;
}

/** The members a block body declares (forwards aside), by kind; inside `if` branches too. */
function membersOf(stmts: readonly A.Stmt[], into: Map<string, MemberKind>): void {
  for (const s of stmts) {
    if (s.kind === "ParamStmt") into.set(s.name.name, "param");
    else if (s.kind === "AssignStmt" && s.targets.length === 1) into.set(s.targets[0]!.name, "assigned");
    else if (s.kind === "IfStmt") {
      membersOf(s.then, into);
      if (s.else) membersOf(s.else, into);
    }
  }
}

/** The member an override statement declares, or undefined for a statement that is not one. */
function overridden(s: A.Stmt): { name: A.Ident; kind: MemberKind } | undefined {
  if (s.kind === "ParamStmt") return { name: s.name, kind: "param" };
  if (s.kind === "AssignStmt" && s.targets.length === 1) return { name: s.targets[0]!, kind: "assigned" };
  return undefined;
}

function checkOne(d: TopDecl & { kind: "block" }, derive: A.BlockDerivation, scopes: ReadonlyMap<string, ModuleScope>, stdLookup: StdLookup, out: Diagnostic[]): void {
  const scope = scopes.get(d.file);
  const base = scope?.visible.get(derive.base.name);
  if (!scope) return;
  if (!base) {
    // An unknown name is unknown-names.ts's; a builtin (an op like `l2_normalize`) is no block.
    if (isBuiltinName(derive.base.name)) {
      out.push(diagnostic(say(Diag.BlockDerivation, "notBlock", { name: derive.base.name, what: "a builtin", derived: d.decl.name.name }), derive.base.span));
    }
    return;
  }
  if (base.kind !== "block") {
    out.push(diagnostic(say(Diag.BlockDerivation, "notBlock", { name: derive.base.name, what: `a ${base.kind}`, derived: d.decl.name.name }), derive.base.span));
    return;
  }
  const root = rootOf(d, scopes);
  if (!root) return; // a loop (recursive-blocks.ts) or a link that is not a block (reported at that link)
  const members = new Map<string, MemberKind>();
  membersOf(root.decl.body, members);
  const params = new Set(root.decl.params.map((p) => p.name.name));
  const baseName = derive.base.name;
  const seen = new Set<string>();
  for (const s of derive.overrides) {
    const o = overridden(s);
    if (!o) {
      out.push(diagnostic(say(Diag.BlockDerivation, "notOverride", { base: baseName }), s.span));
      continue;
    }
    const name = o.name.name;
    if (seen.has(name)) {
      out.push(diagnostic(say(Diag.DuplicateName, "duplicate", { what: "override", name }), o.name.span));
      continue;
    }
    seen.add(name);
    const was = members.get(name);
    if (was === undefined && params.has(name)) {
      out.push(diagnostic(say(Diag.BlockDerivation, "parameter", { name, base: baseName }), o.name.span));
    } else if (was === undefined) {
      const hint = didYouMean(name, members.keys()) ?? phrase(Diag.BlockDerivation, "membersHint", { names: [...members.keys()].join(", ") });
      out.push(diagnostic(say(Diag.BlockDerivation, "noMember", { base: baseName, name }), o.name.span, { hint }));
    } else if (was !== o.kind) {
      out.push(diagnostic(say(Diag.BlockDerivation, "kindMismatch", { name, base: baseName, was: KIND_PHRASE[was], given: KIND_PHRASE[o.kind] }), o.name.span));
    }
  }
  const names = new NameChecker(scope, stdLookup);
  names.overrides(derive.overrides, [...params, ...members.keys()]);
  out.push(...names.out);
}

export function checkBlockDerivations(scopes: ReadonlyMap<string, ModuleScope>, stdLookup: StdLookup): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scope of scopes.values()) {
    for (const d of scope.own.values()) {
      if (d.kind === "block" && d.decl.derive) checkOne(d, d.decl.derive, scopes, stdLookup, out);
    }
  }
  return out;
}

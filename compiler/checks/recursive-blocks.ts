// Recursion: a block may not instantiate itself, and a fn may not call itself, directly or
// through others — elaboration unrolls everything and would never end. Checked on the
// declarations before anything runs; the elaborator also caps nesting depth for recursion
// through block- or fn-valued parameters.
import type * as A from "../../grammar/ast.js";
import { childBodies, walkExpr } from "../../grammar/visit.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ModuleScope, TopDecl } from "../resolve/scope.js";

type Callable = TopDecl & { kind: "block" | "fn" };

interface Edge {
  readonly to: Callable;
  readonly site: A.Span;
}

/** Expressions directly in a statement (not in nested bodies). */
function exprsOf(s: A.Stmt): A.Expr[] {
  switch (s.kind) {
    case "AssignStmt":
      return [s.value];
    case "ExprStmt":
      return [s.expr];
    case "IfStmt":
      return [s.cond];
    case "ForStmt":
      return [s.iterable];
    case "ReturnStmt":
      return [s.value];
    case "RequireStmt":
      return [s.cond];
    default:
      return [];
  }
}

/**
 * A block's edges are the blocks its body instantiates (forwards may call anything: calling an
 * instance is not recursion). A fn's edges are the fns its body calls.
 */
function edgesOf(d: Callable, scope: ModuleScope): Edge[] {
  const local = new Set(d.decl.params.map((p) => p.name.name));
  const wanted = d.kind === "block" ? "block" : "fn";
  const edges: Edge[] = [];
  const visit = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "ForwardDecl") continue;
      for (const e of exprsOf(s)) {
        walkExpr(e, (x) => {
          if (x.kind !== "CallExpr" || x.callee.kind !== "NameExpr" || local.has(x.callee.name)) return;
          const target = scope.visible.get(x.callee.name);
          if (target?.kind === wanted) edges.push({ to: target as Callable, site: x.span });
        });
      }
      for (const body of childBodies(s)) visit(body);
    }
  };
  visit(d.decl.body);
  // A derived block runs its base's body and its own overrides.
  const derive = d.kind === "block" ? (d.decl as A.BlockDecl).derive : undefined;
  if (derive) {
    const base = scope.visible.get(derive.base.name);
    if (base?.kind === "block") edges.push({ to: base as Callable, site: derive.base.span });
    visit(derive.overrides);
  }
  return edges;
}

export function checkRecursiveBlocks(scopes: ReadonlyMap<string, ModuleScope>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const key = (d: TopDecl): string => `${d.file}#${d.decl.name.name}`;
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (d: Callable): void => {
    state.set(key(d), "active");
    stack.push(d.decl.name.name);
    const scope = scopes.get(d.file);
    for (const e of scope ? edgesOf(d, scope) : []) {
      const s = state.get(key(e.to));
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(e.to.decl.name.name)), e.to.decl.name.name];
        const args = { name: e.to.decl.name.name, cycle: cycle.join(" → ") };
        out.push(diagnostic(say(Diag.RecursiveBlock, d.kind === "block" ? "blockCycle" : "fnCycle", args), e.site));
      } else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(key(d), "done");
  };
  for (const scope of scopes.values()) {
    for (const d of scope.own.values()) if ((d.kind === "block" || d.kind === "fn") && !state.has(key(d))) visit(d as Callable);
  }
  return out;
}

// Recursive block instantiation: a block may not instantiate itself, directly or through other
// blocks — elaboration would never end. Checked on the declarations before anything runs; the
// elaborator also caps instantiation depth for recursion through block-valued parameters.
import type * as A from "../../grammar/ast.js";
import { walkExpr } from "../../grammar/visit.js";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ModuleScope, TopDecl } from "../resolve/scope.js";

interface Edge {
  readonly to: TopDecl & { kind: "block" };
  readonly site: A.Span;
}

function instantiations(block: A.BlockDecl, scope: ModuleScope): Edge[] {
  const local = new Set(block.params.map((p) => p.name.name));
  const edges: Edge[] = [];
  const visitStmts = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      const exprs: A.Expr[] =
        s.kind === "AssignStmt" ? [s.value] : s.kind === "IfStmt" ? [s.cond] : s.kind === "ExprStmt" ? [s.expr] : [];
      for (const e of exprs) {
        walkExpr(e, (x) => {
          if (x.kind !== "CallExpr" || x.callee.kind !== "NameExpr" || local.has(x.callee.name)) return;
          const d = scope.visible.get(x.callee.name);
          if (d?.kind === "block") edges.push({ to: d, site: x.span });
        });
      }
      if (s.kind === "IfStmt") {
        visitStmts(s.then);
        if (s.else) visitStmts(s.else);
      }
    }
  };
  visitStmts(block.body);
  return edges;
}

export function checkRecursiveBlocks(scopes: ReadonlyMap<string, ModuleScope>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const key = (d: TopDecl): string => `${d.file}#${d.decl.name.name}`;
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (d: TopDecl & { kind: "block" }): void => {
    const k = key(d);
    state.set(k, "active");
    stack.push(d.decl.name.name);
    const scope = scopes.get(d.file);
    for (const e of scope ? instantiations(d.decl, scope) : []) {
      const s = state.get(key(e.to));
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(e.to.decl.name.name)), e.to.decl.name.name];
        out.push(
          diagnostic(Diag.RecursiveBlock, `block \`${e.to.decl.name.name}\` instantiates itself: ${cycle.join(" → ")}`, e.site, {
            hint: "a block cannot contain itself; repeat layers with a list comprehension instead",
          }),
        );
      } else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(k, "done");
  };
  for (const scope of scopes.values()) {
    for (const d of scope.own.values()) if (d.kind === "block" && !state.has(key(d))) visit(d);
  }
  return out;
}

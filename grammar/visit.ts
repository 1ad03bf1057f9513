// Generic walks over the AST, for checks that need every expression or statement.
import type * as A from "./ast.js";

/** Direct sub-expressions of an expression (in source order). */
export function childExprs(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case "BinaryExpr":
      return [e.left, e.right];
    case "UnaryExpr":
      return [e.operand];
    case "CallExpr":
      return [e.callee, ...e.args.map((a) => a.value)];
    case "MemberExpr":
      return [e.object];
    case "IndexExpr":
      return [
        e.object,
        ...e.items.flatMap((i): A.Expr[] => {
          if (i.kind === "SliceExpr") return [...(i.start ? [i.start] : []), ...(i.end ? [i.end] : [])];
          if (i.kind === "EllipsisExpr") return [];
          return [i];
        }),
      ];
    case "ListExpr":
    case "TupleExpr":
      return [...e.items];
    case "ComprehensionExpr":
      return e.filter ? [e.element, e.iterable, e.filter] : [e.element, e.iterable];
    case "RangeExpr":
      return [e.start, e.end];
    case "CondExpr":
      return [e.cond, e.then, e.else];
    default:
      return [];
  }
}

/** Visits e and every sub-expression, depth first. */
export function walkExpr(e: A.Expr, visit: (e: A.Expr) => void): void {
  visit(e);
  for (const c of childExprs(e)) walkExpr(c, visit);
}

/** Nested statement lists of a statement (if branches, loop and forward bodies). */
export function childBodies(s: A.Stmt): (readonly A.Stmt[])[] {
  switch (s.kind) {
    case "IfStmt":
      return s.else ? [s.then, s.else] : [s.then];
    case "ForStmt":
    case "ForwardDecl":
      return [s.body];
    default:
      return [];
  }
}

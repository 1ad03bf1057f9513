// Statement context: each statement appears only where it means something — `hyper`,
// `variant`, `input`, `objective`, `stage` and `group` directly in a model; `forward` directly in
// a block; `return` and `for` in a forward or fn; `param` and `share` in a block or model body;
// `frozen` / `checkpoint` patterns in a model body, on a member in a block or model body.
// An expression standing alone must be a call (for its effect, like `enqueue`): anything else
// is computed and thrown away, usually the rest of a broken line.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

type Where = "model" | "block" | "forward" | "fn";

const KEYWORD: Partial<Record<A.Stmt["kind"], string>> = {
  HyperStmt: "hyper",
  VariantStmt: "variant",
  InputStmt: "input",
  ObjectiveStmt: "objective",
  StageStmt: "stage",
  GroupStmt: "group",
  PublishedStmt: "published",
  ForwardDecl: "forward",
  ReturnStmt: "return",
  ForStmt: "for",
  ParamStmt: "param",
  ShareStmt: "share",
};

/** Where each statement kind may appear; `top` means not inside an `if`. */
const ALLOWED: Partial<Record<A.Stmt["kind"], { where: readonly Where[]; top?: boolean; explain: string }>> = {
  HyperStmt: { where: ["model"], top: true, explain: "directly in a model body" },
  VariantStmt: { where: ["model"], top: true, explain: "directly in a model body" },
  InputStmt: { where: ["model"], explain: "in a model body" },
  StageStmt: { where: ["model"], explain: "in a model body" },
  GroupStmt: { where: ["model"], explain: "in a model body" },
  ObjectiveStmt: { where: ["model"], explain: "in a model body" },
  PublishedStmt: { where: ["model"], explain: "in a model body" },
  ForwardDecl: { where: ["block"], explain: "in a block body" },
  ReturnStmt: { where: ["forward", "fn"], explain: "in a forward or fn body" },
  ForStmt: { where: ["forward", "fn"], explain: "in a forward or fn body (use a list comprehension to declare repeated layers)" },
  ParamStmt: { where: ["model", "block"], explain: "in a block or model body" },
  ShareStmt: { where: ["model", "block"], explain: "in a block or model body" },
};

function visit(stmts: readonly A.Stmt[], where: Where, top: boolean, out: Diagnostic[]): void {
  for (const s of stmts) {
    const rule = ALLOWED[s.kind];
    if (rule && (!rule.where.includes(where) || (rule.top && !top))) {
      const kw = s.kind === "ShareStmt" ? s.mode : KEYWORD[s.kind]!;
      out.push(diagnostic(say(Diag.StatementContext, "notHere", { keyword: kw, where: rule.explain }), s.span));
    }
    // A mark belongs to what the model owns: patterns over the model's parameters in its body,
    // a marked member in a block or model body (a forward's locals own no parameters).
    if (s.kind === "MarkStmt" && where !== "model") {
      out.push(diagnostic(say(Diag.StatementContext, "notHere", { keyword: `${s.mark.kind} patterns`, where: `in a model body; in a block, mark the member itself (\`${s.mark.kind} name = …\`)` }), s.span));
    }
    if (s.kind === "AssignStmt" && s.mark && (where === "forward" || where === "fn")) {
      out.push(diagnostic(say(Diag.StatementContext, "notHere", { keyword: s.mark.kind, where: "on a member declared in a block or model body" }), s.mark.span));
    }
    if (s.kind === "ExprStmt" && s.expr.kind !== "CallExpr") {
      out.push(
        diagnostic(say(Diag.StatementContext, "thrownAway"), s.span),
      );
    }
    if (s.kind === "IfStmt") {
      visit(s.then, where, false, out);
      if (s.else) visit(s.else, where, false, out);
    } else if (s.kind === "ForStmt") visit(s.body, where, false, out);
    else if (s.kind === "ForwardDecl") visit(s.body, "forward", true, out);
  }
}

export function checkStatementContext(file: A.SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of file.items) {
    if (item.kind === "BlockDecl") visit(item.body, "block", true, out);
    else if (item.kind === "FnDecl") visit(item.body, "fn", true, out);
    else if (item.kind === "ModelDecl") visit(item.body, "model", true, out);
  }
  return out;
}

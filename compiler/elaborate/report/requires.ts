// Requirements: every `require` holds for the chosen hyperparameters, and every condition that
// steers elaboration (`if`, `require`, `… then … else`) is decidable at compile time. A
// comparison over input dims (T <= 77) cannot be decided yet: it is recorded in the IR as an
// assertion, checked when the model runs.
import type * as A from "../../../grammar/ast.js";
import { printExpr } from "../../../grammar/printer.js";
import { walkExpr } from "../../../grammar/visit.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Env } from "../env.js";
import type { Interp } from "../interp.js";
import { describe, type Value } from "../values.js";

type Evaluate = (e: A.Expr, env: Env) => Value;

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** `width = 770, heads = 12`: the values behind a failed condition. */
function valuesIn(cond: A.Expr, env: Env): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  walkExpr(cond, (e) => {
    if (e.kind !== "NameExpr" || seen.has(e.name)) return;
    seen.add(e.name);
    const v = env.lookup(e.name);
    if (v?.k === "int") parts.push(`${e.name} = ${v.v}`);
    else if (v?.k === "float" || v?.k === "bool") parts.push(`${e.name} = ${v.v}`);
    else if (v?.k === "str") parts.push(`${e.name} = "${v.v}"`);
  });
  return parts.join(", ");
}

/** False when the requirement is violated (or is not a condition): the caller stops there. */
export function checkRequire(ip: Interp, s: A.RequireStmt, env: Env, evaluate: Evaluate): boolean {
  const c = s.cond;
  if (c.kind === "BinaryExpr" && COMPARISONS.has(c.op)) {
    const l = evaluate(c.left, env);
    const r = evaluate(c.right, env);
    if (l.k === "error" || r.k === "error") return false;
    if (l.k === "int" && r.k === "int" && l.v.compare(r.v) === undefined) {
      ip.g.assertions.push({
        message: s.message ?? `requirement \`${printExpr(c)}\``,
        lhs: l.v,
        op: c.op as "==",
        rhs: r.v,
        span: s.span,
      });
      return true;
    }
  }
  const v = evaluate(c, env);
  if (v.k === "error") return false;
  if (v.k !== "bool") {
    ip.report(say(Diag.ArgumentType, "requireNotBool", { condition: printExpr(c), got: describe(v) }), c.span);
    return false;
  }
  if (v.v) return true;
  const values = valuesIn(c, env);
  const condition = `\`${printExpr(c)}\`${values ? ` (${values})` : ""}`;
  ip.report(s.message ? say(Diag.RequireFailed, "withMessage", { message: s.message, condition }) : say(Diag.RequireFailed, "plain", { condition }), c.span, {
    hint: values ? phrase(Diag.RequireFailed, "changeHint") : undefined,
  });
  return false;
}

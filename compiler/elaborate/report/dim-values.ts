// Dimension values: a parameter's dims are known positive integers (hyperparameters, not input
// dims like B or T); an input's dims are positive integers or shape symbols. Non-integer,
// zero and negative sizes are rejected where they are written, not deep inside an op.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { Env } from "../env.js";
import type { Interp } from "../interp.js";
import { describe, floatText, type Value } from "../values.js";
import { Dim } from "../../shapes/dim.js";
import { isShapeSymbolName } from "../../prelude.js";

type Evaluate = (e: A.Expr, env: Env) => Value;

function positive(ip: Interp, v: Value, span: A.Span, what: string): Dim | undefined {
  if (v.k === "error") return undefined;
  if (v.k === "float") {
    ip.report(say(Diag.BadDim, "floatSize", { what, value: floatText(v.v) }), span);
    return undefined;
  }
  if (v.k !== "int") {
    ip.report(say(Diag.BadDim, "notInteger", { what, got: describe(v) }), span);
    return undefined;
  }
  const n = v.v.value;
  if (n !== undefined && n <= 0) {
    ip.report(say(Diag.BadDim, "notPositive", { what, value: n }), span);
    return undefined;
  }
  return v.v;
}

/** The concrete dims of `param name: dtype[dims]`. */
export function paramDims(ip: Interp, type: A.TensorTypeExpr, env: Env, evaluate: Evaluate, name: string): number[] | undefined {
  const out: number[] = [];
  for (const d of type.dims) {
    if (d.kind === "EllipsisExpr") {
      ip.report(say(Diag.BadDim, "paramEllipsis", { name }), d.span);
      return undefined;
    }
    const dim = positive(ip, evaluate(d, env), d.span, `a dimension of parameter \`${name}\``);
    if (!dim) return undefined;
    if (dim.value === undefined) {
      const syms = [...dim.symbols()];
      const what = dim.toString() === syms.join("") ? `the input dimension ${dim}` : `${dim}, which depends on input dimension${syms.length > 1 ? "s" : ""} ${syms.join(", ")}`;
      ip.report(say(Diag.SymbolicParamShape, "inputDim", { name, what }), d.span);
      return undefined;
    }
    out.push(dim.value);
  }
  return out;
}

/** The dims of `input name: dtype[dims]`: Capitalised unbound names become shape symbols. */
export function inputDims(ip: Interp, type: A.TensorTypeExpr, env: Env, evaluate: Evaluate, name: string): Dim[] | undefined {
  const out: Dim[] = [];
  for (const d of type.dims) {
    if (d.kind === "EllipsisExpr") {
      ip.report(say(Diag.BadDim, "inputEllipsis", { name }), d.span);
      return undefined;
    }
    if (d.kind === "NameExpr" && isShapeSymbolName(d.name) && env.lookup(d.name) === undefined) {
      const sym = Dim.sym(d.name);
      env.set(d.name, { k: "int", v: sym });
      out.push(sym);
      continue;
    }
    const dim = positive(ip, evaluate(d, env), d.span, `a dimension of input \`${name}\``);
    if (!dim) return undefined;
    out.push(dim);
  }
  return out;
}

// Dimension values: a parameter's dims are known positive integers (hyperparameters, not input
// dims like B or T); an input's dims are positive integers or shape symbols. Non-integer,
// zero and negative sizes are rejected where they are written, not deep inside an op.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import type { Env } from "../elaborate/env.js";
import type { Interp } from "../elaborate/interp.js";
import { describe, floatText, type Value } from "../elaborate/values.js";
import { Dim } from "../shapes/dim.js";
import { isShapeSymbolName } from "../prelude.js";

type Evaluate = (e: A.Expr, env: Env) => Value;

function positive(ip: Interp, v: Value, span: A.Span, what: string): Dim | undefined {
  if (v.k === "error") return undefined;
  if (v.k === "float") {
    ip.report(Diag.BadDim, `${what} must be an integer, but is the float ${floatText(v.v)}`, span, {
      hint: "dimensions are integers: use int-valued hyperparameters, `//` for floor division, or int(…)",
    });
    return undefined;
  }
  if (v.k !== "int") {
    ip.report(Diag.BadDim, `${what} must be an integer, but is ${describe(v)}`, span);
    return undefined;
  }
  const n = v.v.value;
  if (n !== undefined && n <= 0) {
    ip.report(Diag.BadDim, `${what} must be positive, but is ${n}`, span, {
      hint: "check the hyperparameters this size is computed from",
    });
    return undefined;
  }
  return v.v;
}

/** The concrete dims of `param name: dtype[dims]`. */
export function paramDims(ip: Interp, type: A.TensorTypeExpr, env: Env, evaluate: Evaluate, name: string): number[] | undefined {
  const out: number[] = [];
  for (const d of type.dims) {
    if (d.kind === "EllipsisExpr") {
      ip.report(Diag.BadDim, `parameter \`${name}\` must have a fixed shape; \`...\` is only for signatures`, d.span);
      return undefined;
    }
    const dim = positive(ip, evaluate(d, env), d.span, `a dimension of parameter \`${name}\``);
    if (!dim) return undefined;
    if (dim.value === undefined) {
      const syms = [...dim.symbols()];
      const what = dim.toString() === syms.join("") ? `the input dimension ${dim}` : `${dim}, which depends on input dimension${syms.length > 1 ? "s" : ""} ${syms.join(", ")}`;
      ip.report(Diag.SymbolicParamShape, `parameter \`${name}\` has a size that is ${what}`, d.span, {
        hint: "parameter sizes come from hyperparameters; slice the parameter to the input length instead",
      });
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
      ip.report(Diag.BadDim, `input \`${name}\` must have a definite rank; \`...\` is only for signatures`, d.span);
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

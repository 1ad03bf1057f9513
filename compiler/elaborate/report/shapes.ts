// Shapes at signatures: a tensor passed to a forward, fn or returned from one has the declared
// dtype, rank and dims. A Capitalised name binds on first use (B, T) and must agree afterwards;
// any other dim is evaluated and must provably equal the actual one. `...` matches any number
// of leading dims; each parameter's `...` is its own, and a result's `...` is the one bound by
// the first parameter that has one (`Linear`: f32[..., in] -> f32[..., out]). Mismatches name
// both shapes and where each came from.
import type * as A from "../../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../../diagnostics/catalog.js";
import { phrase, recode, say } from "../../diagnostics/template.js";
import type { Env } from "../env.js";
import type { Interp } from "../interp.js";
import { describe, int, typeString, type Value } from "../values.js";
import { isShapeSymbolName } from "../../prelude.js";
import type { Dim } from "../../shapes/dim.js";
import { shapeString } from "../../shapes/dim.js";

export type DimEvaluator = (e: A.Expr, env: Env) => Value;


const ELLIPSIS = "...";

export function bindTensorType(
  ip: Interp,
  type: A.TensorTypeExpr,
  v: Value,
  env: Env,
  evalDim: DimEvaluator,
  what: string,
  site: A.Span,
  override?: DiagnosticKind,
  /** Binding a result type: its `...` must equal the parameters' first one. */
  result = false,
): boolean {
  if (v.k === "error") return false;
  const declared = { message: `${what} is declared here`, span: type.span };
  if (v.k !== "tensor") {
    ip.report(recode(say(Diag.ArgumentType, "notTensor", { what, got: describe(v) }), override), site, { related: [declared] });
    return false;
  }
  const actual = v.type;
  const origin = ip.origin(v, what);
  if (type.dtype.name !== actual.dtype) {
    ip.report(recode(say(Diag.DtypeMismatch, "signature", { what, dtype: type.dtype.name, got: typeString(actual) }), override), site, { related: [...origin, declared] });
    return false;
  }
  const dims = type.dims;
  const ell = dims.findIndex((d) => d.kind === "EllipsisExpr");
  const fixed = ell < 0 ? dims.length : dims.length - 1;
  if (ell < 0 ? actual.shape.length !== fixed : actual.shape.length < fixed) {
    const said = say(Diag.RankMismatch, ell < 0 ? "signature" : "signatureAtLeast", { what, rank: fixed, got: typeString(actual) });
    ip.report(recode(said, override), site, { related: [...origin, declared] });
    return false;
  }
  const lead = ell < 0 ? 0 : actual.shape.length - fixed;
  if (ell >= 0) {
    const spread = actual.shape.slice(ell, ell + lead);
    const prev = result ? env.lookup(ELLIPSIS) : undefined;
    if (!result && !env.lookup(ELLIPSIS)) env.set(ELLIPSIS, { k: "list", items: spread.map((d) => int(d)), tuple: true });
    if (prev && prev.k === "list") {
      const same = prev.items.length === spread.length && prev.items.every((x, i) => x.k === "int" && x.v.equals(spread[i]!));
      if (!same) {
        const bound = shapeString(prev.items.map((x) => (x as { v: Dim }).v));
        ip.report(recode(say(Diag.ShapeMismatch, "ellipsis", { what, got: typeString(actual), bound }), override), site, { related: [...origin, declared] });
        return false;
      }
    }
  }
  let axisIdx = 0;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (d.kind === "EllipsisExpr") {
      axisIdx += lead;
      continue;
    }
    const got = actual.shape[axisIdx]!;
    const axis = axisIdx++;
    if (d.kind === "NameExpr" && isShapeSymbolName(d.name) && env.lookup(d.name) === undefined) {
      env.bindSymbol(d.name, int(got), what);
      continue;
    }
    const want = evalDim(d, env);
    if (want.k === "error") return false;
    if (want.k !== "int") {
      ip.report(say(Diag.ArgumentType, "dimNotInt", { got: describe(want) }), d.span);
      return false;
    }
    if (!want.v.equals(got)) {
      const boundBy = d.kind === "NameExpr" ? env.originOf(d.name) : undefined;
      const value = String(want.v);
      const expected =
        d.kind !== "NameExpr"
          ? phrase(Diag.ShapeMismatch, "axisValue", { value })
          : boundBy
            ? phrase(Diag.ShapeMismatch, "axisNamedBy", { name: d.name, value, origin: boundBy })
            : phrase(Diag.ShapeMismatch, "axisNamed", { name: d.name, value });
      const said = say(Diag.ShapeMismatch, "axis", { what, shape: shapeString(actual.shape), axis, got: String(got), expected });
      ip.report(recode(said, override), site, {
        related: [...origin, declared],
      });
      return false;
    }
  }
  return true;
}

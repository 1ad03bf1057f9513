// Value types: each argument and operand has the kind its use needs — an int where a dimension
// is expected, a bool for a condition, a tensor for an op input, a block or fn where one is
// called. Declared scalar types on parameters (`width: int`, `eps: float`) are enforced.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { describe, ERROR, type Value } from "../values.js";

/** Reports that `v` is not what was needed; returns the poison value. */
export function expectKind(ip: Interp, v: Value, needed: string, span: A.Span): Value {
  if (v.k === "error") return ERROR;
  return ip.report(say(Diag.WrongKind, "expected", { needed, got: describe(v) }), span);
}

/** Does a value fit a declared scalar type? Returns the (possibly converted) value or undefined. */
export function fitScalarType(v: Value, type: string): Value | undefined {
  switch (type) {
    case "any":
      return v;
    case "int":
      if (v.k === "int") return v;
      if (v.k === "float" && Number.isInteger(v.v)) return undefined;
      return undefined;
    case "float":
      if (v.k === "float") return v;
      if (v.k === "int" && v.v.value !== undefined) return { k: "float", v: v.v.value };
      return undefined;
    case "bool":
      return v.k === "bool" ? v : undefined;
    case "str":
      return v.k === "str" ? v : undefined;
    case "fn":
      return v.k === "fn" || v.k === "builtin" ? v : undefined;
    case "block":
      return v.k === "block" ? v : undefined;
    case "list":
      return v.k === "list" || v.k === "range" ? v : undefined;
    default:
      return undefined;
  }
}

export function reportArgumentType(ip: Interp, what: string, type: string, v: Value, span: A.Span): Value {
  if (v.k === "error") return ERROR;
  const hint =
    type === "int" && v.k === "float"
      ? phrase(Diag.ArgumentType, "intHint")
      : type === "bool" && v.k === "int"
        ? phrase(Diag.ArgumentType, "boolHint")
        : undefined;
  return ip.report(say(Diag.ArgumentType, "scalar", { what, needed: type === "int" ? "an int" : `a ${type}`, got: describe(v) }), span, { hint });
}

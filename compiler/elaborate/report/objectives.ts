// Objectives: each objective is a scalar float loss (f32[]) with a positive, finite weight. The
// arguments of an objective's top-level call must fit its signature (ITC embeddings of equal
// width, logits and labels that line up); those mismatches are reported as VLM5002 by the
// call binder, here only the result and the weight are checked.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { describe, numberOf, typeString, type Value } from "../values.js";

export function checkObjectiveValue(ip: Interp, s: A.ObjectiveStmt, v: Value): v is Value & { k: "tensor" } {
  if (v.k === "error") return false;
  if (v.k !== "tensor" || v.type.shape.length !== 0 || v.type.dtype !== "f32") {
    const got = v.k === "tensor" ? typeString(v.type) : describe(v);
    ip.report(say(Diag.ObjectiveNotScalar, "notScalar", { name: s.name.name, got }), s.value.span, {
      hint: v.k === "tensor" ? phrase(Diag.ObjectiveNotScalar, "reduceHint") : undefined,
    });
    return false;
  }
  return true;
}

export function checkObjectiveWeight(ip: Interp, s: A.ObjectiveStmt, v: Value): number | undefined {
  if (v.k === "error") return undefined;
  const w = numberOf(v);
  if (w === undefined || !(w > 0) || !Number.isFinite(w)) {
    ip.report(say(Diag.ObjectiveWeight, "notPositive", { name: s.name.name, got: describe(v) }), s.weight?.span ?? s.span);
    return undefined;
  }
  return w;
}

// Stages: a stage trains declared objectives, and each of its freeze patterns (and exceptions)
// matches at least one parameter, so a typo cannot silently train what it meant to freeze.
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type * as A from "../../../grammar/ast.js";
import type { Interp } from "../interp.js";
import { whereItStops, type Pattern } from "../patterns.js";
import { didYouMean } from "../../diagnostics/suggest.js";

export function reportUnknownObjective(ip: Interp, stage: string, o: A.Ident, known: readonly string[], conditional: boolean): void {
  if (conditional) {
    ip.report(say(Diag.UnknownObjective, "leftOut", { stage, name: o.name }), o.span);
    return;
  }
  ip.report(say(Diag.UnknownObjective, "undeclared", { stage, name: o.name }), o.span, {
    hint: didYouMean(o.name, known) ?? (known.length ? phrase(Diag.UnknownObjective, "objectivesHint", { names: known.join(", ") }) : phrase(Diag.UnknownObjective, "declareHint")),
  });
}

export function reportEmptyFreeze(ip: Interp, p: Pattern, names: readonly string[], isExcept: boolean): void {
  const near = whereItStops(p, names);
  ip.report(say(Diag.FreezePatternEmpty, isExcept ? "exceptNothing" : "noMatch", { pattern: p.text }), p.span, {
    hint: near,
  });
}

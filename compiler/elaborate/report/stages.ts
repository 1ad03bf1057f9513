// Stages: a stage trains declared objectives, each of its freeze patterns (and exceptions)
// matches at least one parameter, so a typo cannot silently train what it meant to freeze, and
// no exception asks to train what the model declares `frozen`.
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

/** A stage's `except` that matches only parameters the model declares `frozen`. */
export function reportUnfreezesFrozen(ip: Interp, stage: string, p: Pattern, held: readonly string[]): void {
  const what = held.length === 1 ? `\`${held[0]}\`` : `all ${held.length} parameters it matches`;
  ip.report(say(Diag.StageUnfreezesFrozen, "unfreezes", { stage, pattern: p.text, what }), p.span, {
    related: [{ message: phrase(Diag.StageUnfreezesFrozen, "declared"), span: ip.marks.frozenSite(held[0]!)! }],
  });
}

export function reportEmptyFreeze(ip: Interp, p: Pattern, names: readonly string[], isExcept: boolean): void {
  const near = whereItStops(p, names);
  ip.report(say(Diag.FreezePatternEmpty, isExcept ? "exceptNothing" : "noMatch", { pattern: p.text }), p.span, {
    hint: near,
  });
}

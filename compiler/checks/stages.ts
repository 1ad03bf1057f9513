// Stages: a stage trains declared objectives, and each of its freeze patterns (and exceptions)
// matches at least one parameter, so a typo cannot silently train what it meant to freeze.
import { Diag } from "../diagnostics/catalog.js";
import type * as A from "../../grammar/ast.js";
import type { Interp } from "../elaborate/interp.js";
import { whereItStops, type Pattern } from "../elaborate/patterns.js";
import { didYouMean } from "./suggest.js";

export function reportUnknownObjective(ip: Interp, stage: string, o: A.Ident, known: readonly string[], conditional: boolean): void {
  if (conditional) {
    ip.report(Diag.UnknownObjective, `stage \`${stage}\` names objective \`${o.name}\`, which this configuration leaves out`, o.span, {
      hint: "its declaration is under a condition that is false here; guard the stage the same way, or enable the objective",
    });
    return;
  }
  ip.report(Diag.UnknownObjective, `stage \`${stage}\` names objective \`${o.name}\`, which is not declared`, o.span, {
    hint: didYouMean(o.name, known) ?? (known.length ? `objectives: ${known.join(", ")}` : "declare it with `objective name = …`"),
  });
}

export function reportEmptyFreeze(ip: Interp, p: Pattern, names: readonly string[], isExcept: boolean): void {
  const near = whereItStops(p, names);
  ip.report(Diag.FreezePatternEmpty, isExcept ? `\`${p.text}\` excludes nothing that is frozen` : `freeze pattern \`${p.text}\` matches no parameter`, p.span, {
    hint: near,
  });
}

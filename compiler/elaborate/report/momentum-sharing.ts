// Momentum sharing: a momentum (EMA) copy never shares parameters with the instance it tracks —
// it would be updated by both gradient descent and the moving average, and distillation
// against it would be against itself.
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import type { IrParam } from "../../ir/types.js";

/** Does one parameter track the other (or both track the same source)? */
export function tracksEachOther(a: IrParam, b: IrParam): boolean {
  return a.emaOf === b.name || b.emaOf === a.name || (a.emaOf !== undefined && a.emaOf === b.emaOf);
}

export function reportMomentumShare(ip: Interp, a: IrParam, b: IrParam, span: Span): void {
  const [copy, source] = a.emaOf ? [a, b] : [b, a];
  ip.report(say(Diag.ShareWithMomentum, "momentumCopy", { copy: copy.name, source: source.emaOf ?? source.name }), span);
}

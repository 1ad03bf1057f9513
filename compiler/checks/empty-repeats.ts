// Repeated layers with a count of zero (a warning): `[Layer(…) for i in 0..depth]` with
// depth = 0 builds a model without those layers, which is legal but rarely meant (a -D override
// or a variant set the count). Said once per list, where the list is declared, instead of the
// misleading "never used" an empty list would otherwise get.
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";

export function checkEmptyRepeats(ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [path, inst] of ir.instances) {
    if (inst.block !== "list" || inst.children.length > 0 || inst.emaOf !== undefined) continue;
    out.push(
      diagnostic(say(Diag.EmptyRepeat, "zero", { path }), inst.span),
    );
  }
  return out;
}

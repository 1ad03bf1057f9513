// Stages train something: a stage that names objectives must leave at least one parameter both
// unfrozen and reached by their gradients — otherwise its freeze list or its objectives are
// wrong. (A stage without objectives, such as an inference step, trains nothing on purpose.)
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";
import { trainableOwners } from "../analysis/params.js";

export function checkStageTraining(ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const stage of ir.stages) {
    if (stage.objectives.length === 0 || trainableOwners(ir, stage).size > 0) continue;
    out.push(
      diagnostic(Diag.StageTrainsNothing, `stage \`${stage.name}\` trains no parameter: everything its objectives (${stage.objectives.join(", ")}) reach is frozen`, stage.span, {
        hint: "unfreeze what the stage should train (`freeze … except …`)",
      }),
    );
  }
  return out;
}

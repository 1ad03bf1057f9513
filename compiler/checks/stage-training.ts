// Stages train something: a stage that names objectives must leave at least one parameter both
// unfrozen and reached by their gradients — otherwise its freeze list or its objectives are
// wrong. (A stage without objectives, such as an inference step, trains nothing on purpose.)
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";
import { trainableOwners } from "../ir/params.js";

export function checkStageTraining(ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const stage of ir.stages) {
    if (stage.objectives.length === 0 || trainableOwners(ir, stage).size > 0) continue;
    out.push(
      diagnostic(say(Diag.StageTrainsNothing, "nothing", { stage: stage.name, objectives: stage.objectives.join(", ") }), stage.span),
    );
  }
  return out;
}

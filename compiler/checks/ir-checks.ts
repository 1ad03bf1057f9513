// The checks that read a complete IR, in one list (each in its own file).
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";
import { checkCaptionCausality } from "./caption-causality.js";
import { checkPublished } from "./published.js";
import { checkStageTraining } from "./stage-training.js";
import { checkStageFreezing } from "./stage-freezing.js";
import { checkUnused } from "./unused.js";
import { checkEmptyRepeats } from "./empty-repeats.js";

export const IR_CHECKS: readonly ((ir: IrGraph) => Diagnostic[])[] = [checkStageFreezing, checkStageTraining, checkCaptionCausality, checkUnused, checkEmptyRepeats, checkPublished];

export function runIrChecks(ir: IrGraph): Diagnostic[] {
  return IR_CHECKS.flatMap((check) => check(ir));
}

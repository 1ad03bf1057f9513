// What a training run trains: the objectives of its stage (or all of the model's, weighted as
// declared) and the parameters they reach that neither the stage nor the model (`frozen`)
// freezes. Frozen parameters are neither differentiated nor updated and get no optimiser state.
// Momentum copies are never trained: they follow their sources (updates.ts).
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { ownerOf, type IrGraph, type IrObjective } from "../../compiler/ir/types.js";
import { modelFrozen } from "../../compiler/ir/params.js";
import { RunError } from "../errors.js";
import { planFor, stateRead, type Plan } from "../plan.js";

export interface StageSelection {
  /** The stage's name, or undefined for "every objective". */
  readonly stage: string | undefined;
  readonly objectives: readonly IrObjective[];
  /** Owners the optimiser updates, in IR order. */
  readonly trainable: readonly string[];
  /** Owners the stage freezes (whether or not its objectives reach them). */
  readonly frozen: ReadonlySet<string>;
  /** The forward of a step: the objectives and the values the state's updates write. */
  readonly plan: Plan;
}

export function selectStage(ir: IrGraph, stage: string | undefined): StageSelection {
  let objectives: readonly IrObjective[] = ir.objectives;
  // What the model declares `frozen` is frozen without a stage too (a stage's list includes it).
  let frozen = new Set(modelFrozen(ir).map((n) => ownerOf(ir, n)));
  if (stage !== undefined) {
    const s = ir.stages.find((x) => x.name === stage);
    if (!s) {
      const names = ir.stages.map((x) => x.name);
      const hint = names.length ? phrase(Diag.UnknownStage, "stagesHint", { names: names.join(", ") }) : phrase(Diag.UnknownStage, "noStagesHint");
      throw RunError.of(say(Diag.UnknownStage, "noStage", { model: ir.model, stage }), undefined, { hint });
    }
    objectives = ir.objectives.filter((o) => s.objectives.includes(o.name));
    frozen = new Set(s.frozen.map((n) => ownerOf(ir, n)));
  }
  if (objectives.length === 0) throw nothingToTrain("noObjective", stage, ir.model);
  const updateValues = ir.updates.flatMap((u) => (u.kind === "enqueue" ? [u.value] : []));
  const plan = planFor(ir, [...objectives.map((o) => o.node), ...updateValues]);
  const read = stateRead(ir, plan);
  const trainable = [...ir.params.values()]
    .filter((p) => p.sharedWith === undefined && p.emaOf === undefined && read.has(p.name) && !frozen.has(p.name))
    .map((p) => p.name);
  if (trainable.length === 0) throw nothingToTrain("allFrozen", stage, ir.model);
  return { stage, objectives, trainable, frozen, plan };
}

/** A stage (or the model) with no objective to train, or whose parameters are all frozen. */
export function nothingToTrain(why: "noObjective" | "allFrozen", stage: string | undefined, model: string): RunError {
  if (why === "noObjective") {
    const what = stage !== undefined ? phrase(Diag.NothingToTrain, "theStageOf", { stage, model }) : phrase(Diag.NothingToTrain, "theModel", { model });
    return RunError.of(say(Diag.NothingToTrain, "noObjective", { what }), undefined, { hint: phrase(Diag.NothingToTrain, stage !== undefined ? "pickStageHint" : "declareHint") });
  }
  const what = stage !== undefined ? phrase(Diag.NothingToTrain, "theStage", { stage }) : phrase(Diag.NothingToTrain, "theModel", { model });
  return RunError.of(say(Diag.NothingToTrain, "allFrozen", { what }));
}

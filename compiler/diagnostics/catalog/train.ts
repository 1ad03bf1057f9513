// VLM64xx: training (runtime/train/): stages, losses, checkpoints to resume from.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const train = {
  NothingToTrain: kind("VLM6401", "nothing to train", "runtime/train/stage.ts", {
    noObjective: "{what} has no objective to train",
    pickStageHint: "pick a stage with objectives (vlmc summary lists them)",
    declareHint: "declare `objective name = …` in the model",
    allFrozen: { message: "{what} trains no parameter: everything its objectives reach is frozen", hint: "unfreeze something, or pick another stage" },
    theStage: "stage `{stage}`",
    theStageOf: "stage `{stage}` of model {model}",
    theModel: "model {model}",
  }),
  NonFiniteLoss: kind("VLM6402", "loss is not finite", "runtime/train/trainer.ts", {
    notFinite: { message: "{losses} at step {step}; the step was not applied", hint: "the last checkpoint is kept; lower --lr, add --clip-grad, or check the data" },
    loss: "objective `{name}` is {value}",
  }),
  CheckpointMismatch: kind("VLM6403", "checkpoint does not fit this run", "runtime/train/checkpoint.ts", {
    noCheckpoint: { message: "there is no {checkpoint} in {folder} to resume from", hint: "give the --out folder of the run to continue" },
    notCheckpoint: { message: "{file} is not a training checkpoint (it has no `{key}` metadata)", hint: "load weights with --weights; --resume continues a run from its own checkpoint" },
    damaged: "{file}: its training metadata is damaged ({reason})",
    noMoments: "{file} has no optimiser state `{key}` of shape [{shape}]",
    resumeFlags: { message: "--resume continues the run in the checkpoint exactly, but {differences}", hint: "leave these flags out (the checkpoint's values are used), or start a new run in another --out folder" },
  }),
  RunFolderTaken: kind("VLM6404", "output folder holds another run", "cli/commands/train.ts", {
    taken: { message: "{folder} already holds a training run ({checkpoint})", hint: "continue it with --resume, or give another --out folder" },
  }),
} as const;

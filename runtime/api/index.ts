// `vlmc/runtime`: the one entry point of the TypeScript that `vlmc compile --target ts` writes.
// A generated module is readable code — one class per spec block (extending Module), one method
// per forward mode, spec `fn`s as functions, the model as a class extending Model — and reaches
// everything it computes through here, so that it runs on TensorFlow.js without the compiler
// while computing exactly what `vlmc run` and `vlmc train` compute for the same spec, seed and
// weights: the same kernels with the same attributes (`ops`, checked by each op's own shape
// rule), the same random streams keyed as the compiler keys the IR's nodes (Run), the same
// initial values per parameter name and seed (Module), and the same training step (ModelTrainer).
//
// For users of generated code:
//   const model = new MyModel(config, { seed: 0 });        // weights as `vlmc run --seed 0` starts them
//   const { values, losses } = model.run(inputs);          // eval; { training: true, seed, step } for training
//   loadWeights(model, bytes); const bytes = saveWeights(model);  // safetensors, `vlmc run --weights/--save` format
//   const trainer = new ModelTrainer(model, { stage, schedule, seed }); trainer.trainStep(batch);
// Parameters are tf.Variables under the IR's hierarchical names (`model.namedParameters()`);
// a shared parameter is one variable under every name of its group.
export { tf, type Tensor, type Variable } from "../tf.js";
export * as ops from "./ops.js";
export { ALL, ELLIPSIS, index, sl } from "./indexing.js";
export { floorDiv, floorMod } from "./ops.js";
export { Module, ModuleList, construct, range, presetName, type BlockClass, type AnyBlock, type Chosen, type SpecFn, type InitSpec, type StoredTensor } from "./module.js";
export { Model, type AnyModel, type ModelOutputs, type ModelOptions, type StageSpec, type FrozenMark } from "./model.js";
export { Run, withRun, currentRun, fnCall, type RunOptions } from "./run.js";
export { OpCallError } from "./kernel-call.js";
export { binary, invoke, type BinaryOpName } from "./dynamic.js";
export { share } from "./share.js";
export { momentum } from "./momentum.js";
export { queue, enqueue } from "./queue.js";
export { saveWeights, loadWeights, type LoadReport } from "./weights.js";
export { ModelTrainer, trainStep, type TrainOptions, type StepResult } from "./train.js";

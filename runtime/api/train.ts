// Training a generated model: one optimiser step exactly as the IR runtime takes it
// (runtime/train/trainer.ts Trainer.trainStep, micro-batches accumulated as `--accumulate` does), so that a generated model
// and `vlmc train` on the same spec, seed and batch end a step with the same weights: a training
// run keyed by (seed, step) — the same dropout masks and negatives —, Σ weight · loss over the
// stage's objectives in declaration order, gradients of the stage's trainable parameters by the
// runtime's backward pass (backprop.ts variableGradients), an optional clip by global norm, the
// runtime's optimiser (AdamW by default) at the schedule's learning rate, then the state updates
// in the IR's order: every momentum copy moves toward its source, then the step's queue writes
// are applied in call order (update-rules.ts). A non-finite loss stops the step before anything
// changes. A ModelTrainer keeps the optimiser's moments and the step count from step to step.
import { tf, type Tensor, type Variable } from "../tf.js";
import { variableGradients } from "../train/backprop.js";
import { DEFAULT_OPTIMIZER, Optimizer, type OptimizerConfig } from "../train/optimizer.js";
import { learningRate, type Schedule } from "../train/schedule.js";
import { nothingToTrain } from "../train/stage.js";
import { accumulate, globalNorm, refuseNonFinite, scaled } from "../train/trainer.js";
import { enqueueRows, momentumStep } from "../train/update-rules.js";
import type { Model } from "./model.js";
import { currentRun, withRun, type QueueWrite } from "./run.js";

export interface TrainOptions {
  /** The stage to train (its objectives, its frozen parameters); every objective without one. */
  readonly stage?: string;
  /** The optimiser (default: AdamW as `vlmc train` configures it). */
  readonly optimizer?: OptimizerConfig;
  /** The learning-rate schedule (default: a constant 1e-4). */
  readonly schedule?: Schedule;
  /** Clip the gradient's global norm to this; undefined: no clipping. */
  readonly clipGrad?: number;
  /** The seed of every random stream (dropout, masks, negatives); default 0. */
  readonly seed?: number;
  /** Draw the same random numbers at every step (`--data synthetic:fixed`'s overfitting check). */
  readonly repeatDraws?: boolean;
}

export interface StepResult {
  /** The index of the step just taken (0 for the first). */
  readonly step: number;
  /** Each trained objective's loss (before its weight). */
  readonly losses: Readonly<Record<string, number>>;
  /** Σ weight · loss. */
  readonly total: number;
  readonly lr: number;
  /** The gradient's global norm before clipping. */
  readonly gradNorm: number;
}

const DEFAULT_SCHEDULE: Schedule = { kind: "constant", lr: 1e-4, warmup: 0, steps: 1, minLr: 0 };

export class ModelTrainer<Inputs> {
  readonly optimizer: Optimizer;
  /** Optimiser steps taken so far. */
  step = 0;
  /** The objectives trained, in declaration order. */
  readonly objectives: readonly string[];
  private readonly trainable: ReadonlyMap<string, Variable>;

  constructor(
    readonly model: Model<Inputs, object, object>,
    readonly options: TrainOptions = {},
  ) {
    const stage = options.stage;
    this.objectives = model.stageObjectives(stage);
    if (this.objectives.length === 0) throw nothingToTrain("noObjective", stage, model.modelName);
    this.trainable = model.trainableParameters(stage);
    if (this.trainable.size === 0) throw nothingToTrain("allFrozen", stage, model.modelName);
    this.optimizer = new Optimizer(options.optimizer ?? DEFAULT_OPTIMIZER, this.trainable);
  }

  /**
   * One optimiser step on `batch`, or on several micro-batches accumulated into one step
   * (`vlmc train --accumulate K`): each micro-batch's gradient of Σ weight·loss / K, summed; the
   * losses reported are their mean over the micro-batches; the queue writes of every micro-batch
   * are applied after the step, in order.
   */
  trainStep(batch: Inputs | readonly Inputs[]): StepResult {
    const micro: readonly Inputs[] = Array.isArray(batch) ? (batch as readonly Inputs[]) : [batch as Inputs];
    const k = micro.length;
    if (k === 0) throw new Error("a training step needs at least one batch");
    const lr = learningRate(this.options.schedule ?? DEFAULT_SCHEDULE, this.step);
    const seed = this.options.seed ?? 0;
    const names = [...this.trainable.keys()];
    const sums = new Map(this.objectives.map((o) => [o, 0]));
    const writes: QueueWrite[] = [];
    let grads = new Map<string, Tensor>();
    try {
      for (let i = 0; i < k; i++) {
        // The IR trainer's keys: micro-step step·K + i (or i, drawing the same numbers every step).
        const runStep = this.options.repeatDraws ? i : this.step * k + i;
        const kept: Tensor[] = [];
        const { value, grads: found } = variableGradients(
          () =>
            withRun({ training: true, seed, step: runStep }, () => {
              const losses = this.model.forward(micro[i]!).losses as Readonly<Record<string, Tensor>>;
              writes.push(...currentRun().writes.splice(0));
              const terms = this.objectives.map((o) => {
                const loss = losses[o];
                if (!loss) throw new Error(`${this.model.modelName}.forward returned no loss '${o}'`);
                kept.push(tf.keep(loss.clone()));
                return tf.mul(loss, this.model.objectives[o]! / k);
              });
              return terms.reduce((a, b) => tf.add(a, b)) as tf.Scalar;
            }),
          [...this.trainable.values()],
        );
        value.dispose();
        const step = new Map<string, Tensor>();
        found.forEach((g, j) => {
          if (g) step.set(names[j]!, g);
        });
        grads = accumulate(grads, step);
        this.objectives.forEach((o, j) => sums.set(o, sums.get(o)! + kept[j]!.dataSync()[0]! / k));
        for (const t of kept) t.dispose();
      }
      const losses = Object.fromEntries(sums);
      refuseNonFinite(losses, this.step);
      const gradNorm = globalNorm(grads);
      const clip = this.options.clipGrad;
      if (clip !== undefined && gradNorm > clip) grads = scaled(grads, clip / (gradNorm + 1e-6));
      this.optimizer.apply(grads, lr);
      this.applyUpdates(writes);
      const total = this.objectives.reduce((s, o) => s + this.model.objectives[o]! * losses[o]!, 0);
      return { step: this.step++, losses, total, lr, gradNorm };
    } finally {
      for (const g of grads.values()) g.dispose();
      for (const w of writes) w.rows.dispose();
    }
  }

  /** Momentum copies follow their sources, then the queues take this step's writes. */
  private applyUpdates(writes: readonly QueueWrite[]): void {
    const model = this.model;
    const owners = model.namedParameters();
    tf.tidy(() => {
      for (const link of model.momentumLinks) {
        // An alias inside a copy reads its owner there, which has its own link.
        if (model.aliases.has(link.param)) continue;
        momentumStep(model.variableOf(link.param, owners), model.variableOf(link.source, owners), link.decay);
      }
      for (const w of writes) enqueueRows(w.queue, w.pointer, w.rows);
    });
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * One optimiser step from a fresh optimiser — the first step of a run. A run of several steps
 * keeps one ModelTrainer, whose optimiser moments and step count carry over.
 */
export function trainStep<Inputs>(model: Model<Inputs, object, object>, batch: Inputs | readonly Inputs[], options: TrainOptions = {}): StepResult {
  const trainer = new ModelTrainer(model, options);
  try {
    return trainer.trainStep(batch);
  } finally {
    trainer.dispose();
  }
}

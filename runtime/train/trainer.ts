// One training step as the IR states it: the stage's objectives on K micro-batches (gradients
// summed over every use of a shared parameter by tfjs's autodiff, averaged over the micro-
// batches), an optional clip by global norm, the optimiser's update of the parameters that are
// trainable in the stage, then the state's own updates (momentum copies, queue writes). A
// non-finite loss stops the step before anything changes. Random ops draw from streams keyed by
// (seed, micro-step, node key), so a run with a given seed reproduces exactly.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { DimBindings } from "../dims.js";
import { RunError } from "../errors.js";
import { toTensors } from "../feeds.js";
import { forward } from "../forward.js";
import type { HostTensor } from "../init.js";
import type { ModelState } from "../state.js";
import { tf, type Tensor, type Variable } from "../tf.js";
import { variableGradients } from "./backprop.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";
import { learningRate, type Schedule } from "./schedule.js";
import { selectStage, type StageSelection } from "./stage.js";
import { applyUpdates } from "./updates.js";

export interface TrainConfig {
  readonly stage?: string;
  readonly optimizer: OptimizerConfig;
  readonly schedule: Schedule;
  /** Clip the gradient's global norm to this; undefined: no clipping. */
  readonly clipGrad?: number;
  /** Micro-batches per optimiser step. */
  readonly accumulate: number;
  readonly seed: number;
  /**
   * Draw the same random numbers (masks, negatives, dropout) at every step, so that a repeated
   * batch is exactly the same problem each time: the overfitting check of `--data synthetic:fixed`.
   */
  readonly repeatDraws?: boolean;
}

export interface StepReport {
  /** The index of the step just taken (0 for the first). */
  readonly step: number;
  /** Each objective's loss, averaged over the micro-batches (before its weight). */
  readonly losses: Readonly<Record<string, number>>;
  /** Σ weight · loss. */
  readonly total: number;
  readonly lr: number;
  /** The gradient's global norm before clipping. */
  readonly gradNorm: number;
  /** Named values asked for with `record` (e.g. the negatives a step drew), per micro-batch. */
  readonly recorded: readonly ReadonlyMap<string, HostTensor>[];
}

export class Trainer {
  readonly selection: StageSelection;
  readonly optimizer: Optimizer;
  /** Optimiser steps taken so far. */
  step = 0;
  private readonly trainable: ReadonlyMap<string, Variable>;
  private readonly updateNodes: readonly number[];

  constructor(
    readonly ir: IrGraph,
    readonly state: ModelState,
    readonly config: TrainConfig,
  ) {
    this.selection = selectStage(ir, config.stage);
    this.trainable = new Map(this.selection.trainable.map((name) => [name, state.param(name)]));
    this.optimizer = new Optimizer(config.optimizer, this.trainable);
    this.updateNodes = ir.updates.flatMap((u) => (u.kind === "enqueue" ? [u.value] : []));
  }

  /**
   * One optimiser step over `micro` (one batch per micro-step, all of the shapes `dims` binds).
   * `record` names model values (`ir.outputs`) to hand back, as they were in the step's forward.
   */
  trainStep(micro: readonly ReadonlyMap<string, HostTensor>[], dims: DimBindings, record: readonly string[] = []): StepReport {
    const k = micro.length;
    if (k === 0) throw new Error("a training step needs at least one batch (internal error)");
    const lr = learningRate(this.config.schedule, this.step);
    const names = this.selection.objectives.map((o) => o.name);
    const sums = new Map(names.map((n) => [n, 0]));
    const written: Map<number, Tensor>[] = [];
    const recorded: Map<string, HostTensor>[] = [];
    let grads = new Map<string, Tensor>();
    try {
      for (let i = 0; i < k; i++) {
        const microStep = this.config.repeatDraws ? i : this.step * k + i;
        const { losses, values, step, seen } = this.differentiate(micro[i]!, dims, microStep, k, record);
        written.push(values);
        recorded.push(seen);
        for (const [n, l] of losses) sums.set(n, sums.get(n)! + l / k);
        grads = accumulate(grads, step);
      }
      const losses = Object.fromEntries(sums);
      refuseNonFinite(losses, this.step);
      const gradNorm = globalNorm(grads);
      if (this.config.clipGrad !== undefined && gradNorm > this.config.clipGrad) grads = scaled(grads, this.config.clipGrad / (gradNorm + 1e-6));
      this.optimizer.apply(grads, lr);
      applyUpdates(this.ir, this.state, written);
      const total = this.selection.objectives.reduce((s, o) => s + o.weight * losses[o.name]!, 0);
      return { step: this.step++, losses, total, lr, gradNorm, recorded };
    } finally {
      for (const g of grads.values()) g.dispose();
      for (const w of written) for (const t of w.values()) t.dispose();
    }
  }

  /**
   * Gradients of Σ weight·loss / k for one micro-batch, with its unweighted losses and the values
   * its queue writes need. Frozen parameters are not differentiated at all.
   */
  private differentiate(host: ReadonlyMap<string, HostTensor>, dims: DimBindings, microStep: number, k: number, record: readonly string[]) {
    const feeds = toTensors(this.ir, host);
    const losses = new Map<string, number>();
    const values = new Map<number, Tensor>();
    const seen = new Map<string, HostTensor>();
    try {
      const names = [...this.trainable.keys()];
      const kept: Tensor[] = [];
      // Intermediates are freed at their last reader as in inference: the tape keeps what each
      // gradient saved, and variableGradients frees that as the backward pass goes.
      const { value, grads } = variableGradients(() => {
        const r = forward(this.ir, this.state, feeds, dims, { outputs: [...record], objectives: [...this.selection.objectives.map((o) => o.name)], training: true, seed: this.config.seed, step: microStep }, this.updateNodes);
        for (const name of record) {
          const t = r.outputs.get(name)!;
          const type = this.ir.nodes[this.ir.outputs.get(name)!]!.type;
          seen.set(name, { dtype: type.dtype, shape: t.shape, data: t.dataSync() as HostTensor["data"] });
        }
        for (const id of this.updateNodes) {
          const t = tf.keep(r.values.get(id)!.clone());
          values.set(id, t);
        }
        const terms = this.selection.objectives.map((o) => {
          const loss = r.losses.get(o.name)!;
          kept.push(tf.keep(loss.clone()));
          return tf.mul(loss, o.weight / k);
        });
        return terms.reduce((a, b) => tf.add(a, b)) as tf.Scalar;
      }, [...this.trainable.values()]);
      this.selection.objectives.forEach((o, i) => losses.set(o.name, kept[i]!.dataSync()[0]!));
      for (const t of kept) t.dispose();
      value.dispose();
      const step = new Map<string, Tensor>();
      grads.forEach((g, i) => {
        if (g) step.set(names[i]!, g);
      });
      return { losses, values, step, seen };
    } finally {
      for (const t of feeds.values()) t.dispose();
    }
  }

  /** The stage's losses in eval mode (dropout off), without gradients or updates. */
  evaluate(host: ReadonlyMap<string, HostTensor>, dims: DimBindings): Record<string, number> {
    const feeds = toTensors(this.ir, host);
    try {
      const r = forward(this.ir, this.state, feeds, dims, { outputs: [], objectives: this.selection.objectives.map((o) => o.name), training: false, seed: this.config.seed, step: this.step });
      const out = Object.fromEntries([...r.losses].map(([n, t]) => [n, t.dataSync()[0]!]));
      for (const t of r.losses.values()) t.dispose();
      return out;
    } finally {
      for (const t of feeds.values()) t.dispose();
    }
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Stops a step whose loss is not finite, before anything changes (`step`: steps taken so far). */
export function refuseNonFinite(losses: Readonly<Record<string, number>>, step: number): void {
  const bad = Object.entries(losses).filter(([, l]) => !Number.isFinite(l));
  if (bad.length === 0) return;
  const which = bad.map(([name, value]) => phrase(Diag.NonFiniteLoss, "loss", { name, value })).join(", ");
  throw RunError.of(say(Diag.NonFiniteLoss, "notFinite", { losses: which, step: step + 1 }));
}

/** Adds a micro-batch's gradients into the step's (freeing both addends). */
export function accumulate(into: Map<string, Tensor>, more: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  for (const [name, g] of more) {
    const prev = into.get(name);
    if (!prev) into.set(name, g);
    else {
      into.set(name, tf.add(prev, g));
      prev.dispose();
      g.dispose();
    }
  }
  return into;
}

/** √Σ‖g‖². Each square is freed as soon as it is summed: all of them at once would be another copy of every gradient. */
export function globalNorm(grads: ReadonlyMap<string, Tensor>): number {
  if (grads.size === 0) return 0;
  const sums = [...grads.values()].map((g) => tf.tidy(() => tf.sum(tf.square(g))));
  try {
    return tf.tidy(() => tf.sqrt(tf.addN(sums)).dataSync()[0]!);
  } finally {
    tf.dispose(sums);
  }
}

/** Every gradient times `factor` (clipping); the originals are freed. */
export function scaled(grads: Map<string, Tensor>, factor: number): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [name, g] of grads) {
    out.set(name, tf.mul(g, factor));
    g.dispose();
  }
  return out;
}

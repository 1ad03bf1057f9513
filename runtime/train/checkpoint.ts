// Training checkpoints: one safetensors file holding everything a run needs to continue exactly
// as if it had never stopped — the model's stored tensors (parameter owners, momentum copies,
// queues and their pointers, under the names `vlmc run --weights` reads), the optimiser's moments
// (`optimizer.m.NAME`, `optimizer.v.NAME`, skipped by weight loading) and, in the metadata key
// `vlmc.train`, the step, the per-parameter step counts, the data position and the run's
// configuration. Random draws are keyed by (seed, step), so the seed and step are all the RNG
// state there is. Written atomically (runtime/weights/safetensors.ts: temp file, fsync, rename):
// a run killed while writing leaves the previous checkpoint whole.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { DataPosition } from "../data/source.js";
import { RunError } from "../errors.js";
import { storageOf } from "../weights/dtypes.js";
import { loadWeights } from "../weights/load.js";
import { TRAINING_STATE_PREFIX } from "../weights/load-plan.js";
import { openSafetensors, writeSafetensors, type StWriteEntry } from "../weights/safetensors.js";
import { checkpointMetadata, loadIntoState } from "../weights/save.js";
import type { Trainer, TrainConfig } from "./trainer.js";


export interface TrainingMeta {
  readonly format: 1;
  /** Optimiser steps taken. */
  readonly step: number;
  readonly config: TrainConfig;
  /** The data stream's position after the last step, or null for synthetic data. */
  readonly data: DataPosition | null;
  /** Per-parameter optimiser step counts (AdamW's bias correction). */
  readonly optimizerSteps: Readonly<Record<string, number>>;
  /** What the run was given, for the resume check: batch, accumulation, data source. */
  readonly run: Readonly<Record<string, string | number | boolean>>;
}

export const TRAIN_META_KEY = "vlmc.train";

/** Writes the run's checkpoint atomically; returns VLM6201 diagnostics when it cannot. */
export function saveTrainingCheckpoint(file: string, trainer: Trainer, data: DataPosition | null, run: TrainingMeta["run"]): Diagnostic[] {
  const state = trainer.state;
  const entries: StWriteEntry[] = state.names().map((name) => {
    const spec = state.ir.params.get(name) ?? state.ir.buffers.get(name)!;
    return { name, dtype: storageOf(spec.dtype), shape: spec.shape, data: () => state.read(name).data };
  });
  for (const [name, v] of trainer.optimizer.moments()) {
    entries.push({ name: `${TRAINING_STATE_PREFIX}${name}`, dtype: "F32", shape: v.shape, data: () => v.read() });
  }
  const meta: TrainingMeta = { format: 1, step: trainer.step, config: trainer.config, data, optimizerSteps: trainer.optimizer.steps(), run };
  return writeSafetensors(file, entries, checkpointMetadata(state, { [TRAIN_META_KEY]: JSON.stringify(meta) }));
}

/** The training metadata of a checkpoint, or a diagnostic saying why it is not one. */
export function readTrainingMeta(file: string): TrainingMeta {
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) throw new RunError(diagnostics);
  const text = reader.metadata[TRAIN_META_KEY];
  if (text === undefined) {
    throw RunError.of(say(Diag.CheckpointMismatch, "notCheckpoint", { file, key: TRAIN_META_KEY }));
  }
  try {
    const meta = JSON.parse(text) as TrainingMeta;
    if (meta.format !== 1 || typeof meta.step !== "number") throw new Error("unknown format");
    return meta;
  } catch (e) {
    throw RunError.of(say(Diag.CheckpointMismatch, "damaged", { file, reason: (e as Error).message }));
  }
}

/**
 * Restores a checkpoint into a fresh trainer: the model's tensors, the optimiser's moments and
 * step counts, and the step. The checkpoint must have been written for the same model, stage
 * and configuration (`sameRun` reports what differs).
 */
export function restoreTrainingCheckpoint(ir: IrGraph, trainer: Trainer, file: string, meta: TrainingMeta): void {
  const { tensors, diagnostics } = loadWeights(ir, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (hasErrors(diagnostics)) throw new RunError(errors);
  loadIntoState(trainer.state, tensors);
  const { reader } = openSafetensors(file);
  const problems: Diagnostic[] = [];
  for (const [name, v] of trainer.optimizer.moments()) {
    const key = `${TRAINING_STATE_PREFIX}${name}`;
    const entry = reader!.entries.get(key);
    if (!entry || entry.shape.join() !== v.shape.join()) {
      problems.push(diagnostic(say(Diag.CheckpointMismatch, "noMoments", { file, key, shape: v.shape.join(", ") })));
      continue;
    }
    const r = reader!.read(key, "f32");
    if (!r.ok) problems.push(diagnostic(say(Diag.WeightsFile, "inFile", { file, problem: r.message })));
    else v.write(r.tensor.data as Float32Array);
  }
  if (problems.length) throw new RunError(problems);
  trainer.optimizer.restoreSteps(meta.optimizerSteps);
  trainer.step = meta.step;
}


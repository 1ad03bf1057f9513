// Where a training run's batches come from: synthetic inputs (a new batch each step, or one
// fixed batch to check that the model can fit it) or a folder `vlmc data pack` wrote, read as
// the spec's inputs declare (`from image(…)`, `from caption`, …); plus a held-out batch for
// --eval-every, and the dims the batches bind. Synthetic data counts as one epoch: a `progress`
// input goes from 0 to 1 over the run.
import type { IrGraph } from "../../compiler/ir/types.js";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { openDataset } from "../../runtime/data/dataset.js";
import type { BatchSource, DataPosition } from "../../runtime/data/source.js";
import type { DimBindings } from "../../runtime/dims.js";
import type { HostTensor } from "../../runtime/init.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { SyntheticSource } from "../../runtime/train/synthetic-source.js";
import { bindRunDims } from "./run-io.js";
import type { RunShape } from "./train-config.js";

export interface TrainingData {
  readonly source: BatchSource;
  readonly dims: DimBindings;
  /** The same held-out batch at every evaluation. */
  evalBatch(): Map<string, HostTensor>;
  readonly synthetic: boolean;
  /** Notes about the data (a pack's preprocessing differing from the spec's declaration). */
  readonly warnings: readonly Diagnostic[];
  close(): void;
}

/** A seed no training batch uses, for the held-out batch. */
const EVAL_SEED_OFFSET = 0x5eed;

/** `needed`: the inputs the run's objectives read (a stage may need only some). */
export function trainingData(ir: IrGraph, run: RunShape, seed: number, position: DataPosition | null, needed: ReadonlySet<string>): TrainingData {
  if (run.data === "synthetic" || run.data === "synthetic:fixed") {
    const dims = bindRunDims(ir, run.batch, {}, needed);
    const source = new SyntheticSource(ir, dims, seed, run.data === "synthetic:fixed" ? "fixed" : "fresh", run.steps, position ?? undefined, needed);
    let held: Map<string, HostTensor> | undefined;
    return {
      source,
      dims,
      evalBatch: () => (held ??= syntheticInputs(ir, dims, seed + EVAL_SEED_OFFSET, needed)),
      synthetic: true,
      warnings: [],
      close: () => undefined,
    };
  }
  const dataset = openDataset(run.data);
  try {
    const dims = bindRunDims(ir, run.batch, {}, needed);
    const source = dataset.batches(ir, { batch: run.batch, seed, dims, needed, ...(position ? { position } : {}) });
    // The held-out batch: the first of another shuffling of the pack.
    let held: Map<string, HostTensor> | undefined;
    return {
      source,
      dims,
      evalBatch: () => (held ??= dataset.batches(ir, { batch: run.batch, seed: seed + EVAL_SEED_OFFSET, dims, needed }).next()),
      synthetic: false,
      warnings: source.warnings,
      close: () => dataset.close(),
    };
  } catch (e) {
    dataset.close();
    throw e;
  }
}

// What a training loop reads its batches from: synthetic inputs (runtime/synthetic.ts) or a packed
// data set (runtime/data/batches.ts). Both are resumable: `position` says where the next batch
// starts, a checkpoint stores it, and a source built again at that position continues exactly
// as if the run had not stopped. Which input takes what is the spec's `from` declaration
// (compiler/ir/sources.ts).
import type { HostTensor } from "../init.js";

/** Where the next batch starts: the epoch, and how many examples of its shuffled order are used. */
export interface DataPosition {
  readonly epoch: number;
  readonly index: number;
}

export interface BatchSource {
  /** The next batch: one host tensor per model input the source fills. */
  next(): Map<string, HostTensor>;
  /** Where the batch after the last one returned starts. */
  readonly position: DataPosition;
}

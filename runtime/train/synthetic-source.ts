// Synthetic training data (runtime/synthetic.ts) as a batch source: `fresh` draws a new batch for
// every step from the (seed, batch number) stream, so a run sees varied data and a resumed run
// the same batches it would have seen; `fixed` repeats one batch, to check that a model can fit
// it (every objective's loss should fall). A `progress` input counts the run's progress.
import type { IrGraph } from "../../compiler/ir/types.js";
import type { BatchSource, DataPosition } from "../data/source.js";
import type { DimBindings } from "../dims.js";
import type { HostTensor } from "../init.js";
import { syntheticInputs } from "../synthetic.js";

export class SyntheticSource implements BatchSource {
  private drawn: number;

  constructor(
    private readonly ir: IrGraph,
    private readonly dims: DimBindings,
    private readonly seed: number,
    private readonly mode: "fresh" | "fixed",
    /** Batches in the whole run: a `progress` input goes from 0 to 1 over them. */
    private readonly total: number,
    at: DataPosition = { epoch: 0, index: 0 },
    /** The inputs to make (default: all). */
    private readonly only?: ReadonlySet<string>,
  ) {
    this.drawn = at.index;
  }

  get position(): DataPosition {
    return { epoch: 0, index: this.drawn };
  }

  next(): Map<string, HostTensor> {
    const batch = syntheticInputs(this.ir, this.dims, this.seed, this.only, this.mode === "fresh" ? this.drawn : 0);
    for (const input of this.ir.inputs) {
      if (input.source?.kind !== "progress" || !batch.has(input.name)) continue;
      batch.set(input.name, { dtype: "f32", shape: [], data: Float32Array.of(this.drawn / Math.max(1, this.total)) });
    }
    this.drawn++;
    return batch;
  }
}

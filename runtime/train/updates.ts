// The state changes a step makes besides the optimiser's, exactly as the IR lists them
// (IrGraph.updates): momentum copies track their sources, p_m ← decay·p_m + (1 − decay)·p (ALBEF
// and BLIP's `_momentum_update`); queues take the rows of this step's momentum features at their
// pointer, which advances modulo the queue's length (`_dequeue_and_enqueue`, wrapping instead of
// asserting that the batch divides the queue). Nothing here knows a model; the arithmetic is
// update-rules.ts, shared with the runtime API's trainer (runtime/api/train.ts).
import type { IrGraph } from "../../compiler/ir/types.js";
import type { ModelState } from "../state.js";
import { tf, type Tensor } from "../tf.js";
import { enqueueRows, momentumStep } from "./update-rules.js";

/** Applies every update; `values` holds the node values of this step's enqueue writes, in micro-batch order. */
export function applyUpdates(ir: IrGraph, state: ModelState, values: readonly ReadonlyMap<number, Tensor>[]): void {
  tf.tidy(() => {
    for (const u of ir.updates) {
      if (u.kind === "ema") {
        if (!state.has(u.param)) continue;
        momentumStep(state.param(u.param), state.param(u.source), u.decay);
        continue;
      }
      if (!state.has(u.queue)) continue;
      for (const step of values) {
        const rows = step.get(u.value);
        if (!rows) throw new Error(`the value of queue write ${u.queue} was not computed (internal error)`);
        enqueueRows(state.buffer(u.queue), state.buffer(u.pointer), rows);
      }
    }
  });
}

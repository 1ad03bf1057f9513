// The state changes a step makes besides the optimiser's, exactly as the IR lists them
// (IrGraph.updates): momentum copies track their sources, p_m ← decay·p_m + (1 − decay)·p (ALBEF
// and BLIP's `_momentum_update`); queues take the rows of this step's momentum features at their
// pointer, which advances modulo the queue's length (`_dequeue_and_enqueue`, wrapping instead of
// asserting that the batch divides the queue). Nothing here knows a model.
import type { IrGraph } from "../../compiler/ir/types.js";
import type { ModelState } from "../state.js";
import { tf, type Tensor } from "../tf.js";

/** Applies every update; `values` holds the node values of this step's enqueue writes, in micro-batch order. */
export function applyUpdates(ir: IrGraph, state: ModelState, values: readonly ReadonlyMap<number, Tensor>[]): void {
  tf.tidy(() => {
    for (const u of ir.updates) {
      if (u.kind === "ema") {
        if (!state.has(u.param)) continue;
        const m = state.param(u.param);
        state.assign(u.param, tf.add(tf.mul(m, u.decay), tf.mul(state.param(u.source), 1 - u.decay)));
        continue;
      }
      if (!state.has(u.queue)) continue;
      for (const step of values) {
        const rows = step.get(u.value);
        if (!rows) throw new Error(`the value of queue write ${u.queue} was not computed (internal error)`);
        enqueue(state, u.queue, u.pointer, rows);
      }
    }
  });
}

function enqueue(state: ModelState, queue: string, pointer: string, rows: Tensor): void {
  const q = state.buffer(queue);
  const size = q.shape[0]!;
  const n = rows.shape[0]!;
  let ptr = state.buffer(pointer).dataSync()[0]!;
  // Newest rows last: a batch larger than the queue keeps only its last `size` rows.
  const kept = n > size ? tf.slice(rows, [n - size, 0], [size, -1]) : rows;
  const k = kept.shape[0]!;
  const first = Math.min(k, size - ptr);
  const parts: Tensor[] = [];
  if (first < k) parts.push(tf.slice(kept, [first, 0], [k - first, -1])); // wraps to the front
  const wrapEnd = k - first;
  const keepBefore = ptr - wrapEnd;
  if (keepBefore > 0) parts.push(tf.slice(q, [wrapEnd, 0], [keepBefore, -1]));
  parts.push(tf.slice(kept, [0, 0], [first, -1]));
  const after = size - ptr - first;
  if (after > 0) parts.push(tf.slice(q, [ptr + first, 0], [after, -1]));
  state.assign(queue, tf.concat(parts, 0));
  ptr = (ptr + k) % size;
  state.assign(pointer, tf.scalar(ptr, "int32"));
}

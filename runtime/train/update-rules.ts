// The arithmetic of the state updates that follow an optimiser step, on the variables alone, so
// that the IR runtime (updates.ts, over a ModelState) and generated modules (runtime/api/train.ts,
// over their own fields) make exactly the same changes: a momentum copy moves toward its source,
// p_m ← decay·p_m + (1 − decay)·p (ALBEF and BLIP's `_momentum_update`), and a feature queue takes
// a batch of rows at its pointer, which advances modulo the queue's length
// (`_dequeue_and_enqueue`, wrapping instead of asserting that the batch divides the queue).
// Callers run these inside tf.tidy.
import { tf, type Tensor, type Variable } from "../tf.js";

/** p_m ← decay·p_m + (1 − decay)·p. */
export function momentumStep(copy: Variable, source: Tensor, decay: number): void {
  copy.assign(tf.add(tf.mul(copy, decay), tf.mul(source, 1 - decay)));
}

/** Writes `rows` [n, D] into `queue` [K, D] at `pointer` (an int32 scalar), wrapping, and advances the pointer. */
export function enqueueRows(queue: Variable, pointer: Variable, rows: Tensor): void {
  const size = queue.shape[0]!;
  const n = rows.shape[0]!;
  let ptr = pointer.dataSync()[0]!;
  // Newest rows last: a batch larger than the queue keeps only its last `size` rows.
  const kept = n > size ? tf.slice(rows, [n - size, 0], [size, -1]) : rows;
  const k = kept.shape[0]!;
  const first = Math.min(k, size - ptr);
  const parts: Tensor[] = [];
  if (first < k) parts.push(tf.slice(kept, [first, 0], [k - first, -1])); // wraps to the front
  const wrapEnd = k - first;
  const keepBefore = ptr - wrapEnd;
  if (keepBefore > 0) parts.push(tf.slice(queue, [wrapEnd, 0], [keepBefore, -1]));
  parts.push(tf.slice(kept, [0, 0], [first, -1]));
  const after = size - ptr - first;
  if (after > 0) parts.push(tf.slice(queue, [ptr + first, 0], [after, -1]));
  queue.assign(tf.concat(parts, 0));
  ptr = (ptr + k) % size;
  pointer.assign(tf.scalar(ptr, "int32"));
}

// Feature queues in generated code (ALBEF, BLIP, MoCo: the momentum features of past batches).
// `queue(size, dim, init: …)` declares the two buffers compiler/elaborate/builtins.ts `queue`
// declares — the rows `NAME` [size, dim] from their initialiser (unit_normal by default) and the
// pointer `NAME.ptr`, an i32 scalar from zeros — and reads as the rows. `enqueue(q, x)` is the
// IR's enqueue op: its value is the queue as it is (every reader in a step sees the queue from
// before the step), and it records the write on the current run; the trainer (train.ts) applies
// the writes after the optimiser step, in call order, with the arithmetic of the IR runtime
// (runtime/train/update-rules.ts enqueueRows). A pass that is not a training step drops them.
import type { DType, InitSpec } from "../../compiler/ir/types.js";
import { tf, type Tensor, type Variable } from "../tf.js";
import { callKernel } from "./kernel-call.js";
import { modelOf } from "./model.js";
import type { Module } from "./module.js";
import { currentRun } from "./run.js";

/** The queue's default start (compiler/elaborate/report/queue-init.ts): random unit rows. */
const UNIT_ROWS: InitSpec = { kind: "unit_normal", args: {} };

/** Each queue's pointer, by the queue's variable. */
const pointers = new WeakMap<Tensor, Variable>();

/** Declares queue `name` on `parent`: `size` rows of width `dim`, starting from `init`. */
export function queue(parent: Module, name: string, size: number, dim: number, init: InitSpec = UNIT_ROWS, dtype: DType = "f32"): Variable {
  modelOf(parent);
  for (const [what, n] of [["size", size], ["dim", dim]] as const) {
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`queue ${parent.nameOf(name)}: the ${what} must be a positive whole number, not ${n}`);
  }
  // Module.buffer is for a block's own declarations; a queue is declared on its parent's behalf
  // (element access is TypeScript's sanctioned way past `protected`, and keeps the types).
  const rows = parent["buffer"](name, dtype, [size, dim], init);
  const pointer = parent["buffer"](`${name}.ptr`, "i32", [], { kind: "zeros", args: {} });
  pointers.set(rows, pointer);
  return rows;
}

/** The spec's `enqueue(q, x)`: `x` [B, dim] goes into queue `q` after this training step; returns `q` as it is now. */
export function enqueue(q: Tensor, x: Tensor): Tensor {
  const pointer = pointers.get(q);
  if (!pointer) throw new Error("enqueue: the first argument is not a queue (declare it with queue(…))");
  const out = callKernel("enqueue", [q, x]);
  currentRun().writes.push({ queue: q as Variable, pointer, rows: tf.keep(x.clone()) });
  return out;
}

/** The pointer of queue `q` (the row the next write starts at). */
export function queuePointer(q: Tensor): Variable {
  const pointer = pointers.get(q);
  if (!pointer) throw new Error("queuePointer: not a queue");
  return pointer;
}

// enqueue: a feature queue (ALBEF, BLIP: the momentum features of past batches) read before this
// step's write. The kernel only returns the queue as it is: the runtime applies the write — x
// into the rows at the queue's pointer — after the training step, from the graph's update list
// (IrGraph.updates), so every reader in the step sees the same queue.
import { operand } from "../attrs.js";
import type { Kernel } from "../types.js";

export const op = "enqueue";

export const kernel: Kernel = (inputs, ctx) => operand(inputs, 0, ctx);

// The state of one pass through a generated module: training or eval, the seed and step its
// random ops draw from, and the key frames that name each op exactly as the compiler names the
// IR node it would have emitted (`scope:mode@k/op.n`, compiler/elaborate/interp.ts). The same key
// gives the same random stream (runtime/random.ts), so a generated module and the IR runtime draw
// the same dropout masks, token masks and negatives, and their results agree to the last bit
// wherever the kernels are the same. Generated code never sees this: its forward methods call
// `this.call(mode, …)` (module.ts) and the ops in ops.ts, which read the current run.
import { callBase, fnFrame, KeyFrame, MODEL_FRAME, opKey } from "../../compiler/ir/keys.js";
import { RandomStream } from "../random.js";
import { tf, type Tensor, type Variable } from "../tf.js";

export interface RunOptions {
  /** Dropout and stochastic depth are active (default false). */
  readonly training?: boolean;
  /** The seed of every random stream (default 0). */
  readonly seed?: number;
  /** The training step, part of every random stream's key (default 0). */
  readonly step?: number;
}

/**
 * A queue write (`enqueue`, queue.ts) made during a run: the trainer applies it after the
 * optimiser step, as the IR runtime applies the graph's enqueue updates (runtime/train/updates.ts).
 */
export interface QueueWrite {
  readonly queue: Variable;
  readonly pointer: Variable;
  /** Kept past the forward's tidy; disposed by whoever takes the write, or when the run ends. */
  readonly rows: Tensor;
}

export class Run {
  readonly training: boolean;
  readonly seed: number;
  readonly step: number;
  /** Calls made so far per `path:mode`, as the compiler counts them for call keys. */
  private readonly callCounts = new Map<string, number>();
  private frame = new KeyFrame(MODEL_FRAME);
  /** Queue writes made so far, in call order (graph order in the IR). */
  readonly writes: QueueWrite[] = [];

  constructor(opts: RunOptions = {}) {
    this.training = opts.training ?? false;
    this.seed = opts.seed ?? 0;
    this.step = opts.step ?? 0;
  }

  /** Runs `body` as the forward `mode` ("" for the default) of the module at `path` ("" for the model). */
  call<T>(path: string, mode: string, body: () => T): T {
    const base = callBase(path, mode);
    const k = this.callCounts.get(base) ?? 0;
    this.callCounts.set(base, k + 1);
    return this.within(new KeyFrame(`${base}@${k}`), body);
  }

  /** Runs `body` as a call of the spec function `name` from the current frame. */
  fn<T>(name: string, body: () => T): T {
    return this.within(fnFrame(this.frame, name), body);
  }

  /** The key of the next `op` in the current frame. */
  nextKey(op: string): string {
    return opKey(this.frame, op);
  }

  random(key: string): RandomStream {
    return new RandomStream(this.seed, this.step, key);
  }

  private within<T>(frame: KeyFrame, body: () => T): T {
    const saved = this.frame;
    this.frame = frame;
    try {
      return body();
    } finally {
      this.frame = saved;
    }
  }
}

let current: Run | undefined;

/** Runs `body` in a fresh run with these options (nested runs restore the outer one). */
export function withRun<T>(opts: RunOptions, body: () => T): T {
  const saved = current;
  const run = new Run(opts);
  current = run;
  try {
    return body();
  } finally {
    current = saved;
    // Writes nobody took (an inference pass through a model with a queue) are dropped.
    for (const w of run.writes.splice(0)) w.rows.dispose();
  }
}

/** The run in progress; outside any, a module called directly runs in eval mode with seed 0. */
export function currentRun(): Run {
  return (current ??= new Run());
}

/** Runs the body of the spec function `name` in its key frame (generated spec functions call this). */
export function fnCall<T>(name: string, body: () => T): T {
  // As a module's call: the function's intermediates are freed when it returns.
  return currentRun().fn(name, () => tf.tidy(() => body() as tf.TensorContainer) as T);
}
